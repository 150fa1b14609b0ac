import { describe, expect, it } from "vitest";
import { TINY_PNG } from "../../test/harness/fake-portkey-cloud.ts";
import { decodeImagesResponse, InvalidImageResponseError, type ImageDownloader } from "./image-response.ts";

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const NOT_AN_IMAGE = Buffer.from("<html>this is not an image</html>");
const LIMITS = { maxImages: 4, maxTotalBytes: 1024 * 1024, downloadConcurrency: 2 };

function body(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

const noDownloads: ImageDownloader = async (url) => {
  throw new Error(`unexpected download of ${url}`);
};

/** A downloader that records the URLs it was asked for and answers with fixed bytes. */
function recordingDownloader(bytes: Buffer): { download: ImageDownloader; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    download: async (url) => {
      urls.push(url);
      return bytes;
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected decoding to fail");
}

describe("decodeImagesResponse", () => {
  it("decodes a base64 PNG with its type, file name and revised prompt", async () => {
    const images = await decodeImagesResponse(
      body({ created: 1, data: [{ b64_json: TINY_PNG.toString("base64"), revised_prompt: "an orange pixel, centred" }] }),
      noDownloads,
      LIMITS,
    );
    expect(images).toEqual([
      { buffer: TINY_PNG, mimeType: "image/png", fileName: "image-1.png", revisedPrompt: "an orange pixel, centred" },
    ]);
  });

  it("decodes every entry, numbering the files", async () => {
    const images = await decodeImagesResponse(
      body({ data: [{ b64_json: TINY_PNG.toString("base64") }, { b64_json: JPEG.toString("base64") }] }),
      noDownloads,
      LIMITS,
    );
    expect(images.map((image) => [image.mimeType, image.fileName])).toEqual([
      ["image/png", "image-1.png"],
      ["image/jpeg", "image-2.jpg"],
    ]);
    expect(images[1]?.buffer.equals(JPEG)).toBe(true);
    expect(images[0]).not.toHaveProperty("revisedPrompt");
  });

  it.each([
    ["invalid base64", body({ data: [{ b64_json: "iVBORw0K!!not*base64" }] }), noDownloads, /base64/],
    [
      "base64 that holds no image",
      body({ data: [{ b64_json: NOT_AN_IMAGE.toString("base64") }] }),
      noDownloads,
      /not a PNG, JPEG, WebP or GIF image/,
    ],
    ["an empty `data` list", body({ created: 1, data: [] }), noDownloads, /no images/],
    ["a body that is not JSON", Buffer.from("<html>502 Bad Gateway</html>"), noDownloads, /not JSON/],
    [
      "a download that is not an image",
      body({ data: [{ url: "https://files.example/generated/1.png" }] }),
      recordingDownloader(NOT_AN_IMAGE).download,
      /image 1 as a URL/,
    ],
    ["an entry with neither b64_json nor url", body({ data: [{ revised_prompt: "lost" }] }), noDownloads, /neither b64_json nor url/],
  ])("refuses %s", async (_label, answer, download, message) => {
    const error = await failureOf(decodeImagesResponse(answer, download, LIMITS));
    expect(error).toBeInstanceOf(InvalidImageResponseError);
    expect(error).toHaveProperty("message", expect.stringMatching(message));
  });

  it("downloads `url` entries with the given downloader", async () => {
    const { download, urls } = recordingDownloader(TINY_PNG);
    const images = await decodeImagesResponse(
      body({ data: [{ url: "https://files.example/generated/1.png", revised_prompt: "a pixel" }] }),
      download,
      LIMITS,
    );
    expect(urls).toEqual(["https://files.example/generated/1.png"]);
    expect(images).toEqual([{ buffer: TINY_PNG, mimeType: "image/png", fileName: "image-1.png", revisedPrompt: "a pixel" }]);
  });

  it("keeps no more images than were asked for, and downloads none beyond them", async () => {
    const { download, urls } = recordingDownloader(TINY_PNG);
    const flood = body({ data: Array.from({ length: 300 }, (_, index) => ({ url: `https://files.example/generated/${index}.png` })) });
    const images = await decodeImagesResponse(flood, download, { ...LIMITS, maxImages: 1 });
    expect(images).toHaveLength(1);
    expect(urls).toEqual(["https://files.example/generated/0.png"]);
  });

  it("downloads a few at a time, keeping the answer's order", async () => {
    let running = 0;
    let most = 0;
    const slowDownload: ImageDownloader = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return TINY_PNG;
    };
    const answer = body({
      data: Array.from({ length: 4 }, (_, index) => ({ url: `https://files.example/${index}.png`, revised_prompt: `p${index}` })),
    });
    const images = await decodeImagesResponse(answer, slowDownload, LIMITS);
    expect(images.map((image) => image.revisedPrompt)).toEqual(["p0", "p1", "p2", "p3"]);
    expect(most).toBe(2);
  });

  it("refuses images that together exceed the size limit", async () => {
    const answer = body({ data: [{ b64_json: TINY_PNG.toString("base64") }, { b64_json: TINY_PNG.toString("base64") }] });
    const error = await failureOf(decodeImagesResponse(answer, noDownloads, { ...LIMITS, maxTotalBytes: TINY_PNG.length + 1 }));
    expect(error).toBeInstanceOf(InvalidImageResponseError);
    expect(error).toHaveProperty("message", expect.stringContaining("together"));
  });
});
