import { describe, expect, it } from "vitest";
import { TINY_PNG } from "../../harness/fake-portkey-cloud.ts";
import { decodeImagesResponse, InvalidImageResponseError, type ImageDownloader } from "./image-response.ts";

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const NOT_AN_IMAGE = Buffer.from("<html>this is not an image</html>");

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
    );
    expect(images).toEqual([{ buffer: TINY_PNG, mimeType: "image/png", fileName: "image-1.png", revisedPrompt: "an orange pixel, centred" }]);
  });

  it("decodes every entry, numbering the files", async () => {
    const images = await decodeImagesResponse(
      body({ data: [{ b64_json: TINY_PNG.toString("base64") }, { b64_json: JPEG.toString("base64") }] }),
      noDownloads,
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
    ["base64 that holds no image", body({ data: [{ b64_json: NOT_AN_IMAGE.toString("base64") }] }), noDownloads, /not a PNG, JPEG, WebP or GIF image/],
    ["an empty `data` list", body({ created: 1, data: [] }), noDownloads, /no images/],
    ["a body that is not JSON", Buffer.from("<html>502 Bad Gateway</html>"), noDownloads, /not JSON/],
    ["a download that is not an image", body({ data: [{ url: "https://files.example/generated/1.png" }] }), recordingDownloader(NOT_AN_IMAGE).download, /image 1 as a URL/],
    ["an entry with neither b64_json nor url", body({ data: [{ revised_prompt: "lost" }] }), noDownloads, /neither b64_json nor url/],
  ])("refuses %s", async (_label, answer, download, message) => {
    const error = await failureOf(decodeImagesResponse(answer, download));
    expect(error).toBeInstanceOf(InvalidImageResponseError);
    expect(error).toHaveProperty("message", expect.stringMatching(message));
  });

  it("downloads `url` entries with the given downloader", async () => {
    const { download, urls } = recordingDownloader(TINY_PNG);
    const images = await decodeImagesResponse(
      body({ data: [{ url: "https://files.example/generated/1.png", revised_prompt: "a pixel" }] }),
      download,
    );
    expect(urls).toEqual(["https://files.example/generated/1.png"]);
    expect(images).toEqual([{ buffer: TINY_PNG, mimeType: "image/png", fileName: "image-1.png", revisedPrompt: "a pixel" }]);
  });
});
