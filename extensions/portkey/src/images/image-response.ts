/**
 * Reading an OpenAI-shaped images answer from Portkey into image buffers
 * whose MIME type is the one their bytes prove.
 */
import { z } from "zod";
import { parseJsonAnswer } from "../gateway/portkey-call.ts";
import { decodeStrictBase64, imageFileExtension, sniffImageMimeType } from "./image-bytes.ts";

const imagesResponseSchema = z.object({
  data: z
    .array(
      z
        .object({
          b64_json: z.string().nullish(),
          url: z.string().nullish(),
          revised_prompt: z.string().nullish(),
        })
        .loose(),
    )
    .nullish(),
});

export interface DecodedImage {
  buffer: Buffer;
  mimeType: string;
  fileName: string;
  revisedPrompt?: string;
}

export class InvalidImageResponseError extends Error {
  override name = "InvalidImageResponseError";
}

/** Fetches a `url` result; the caller decides which URLs it may follow. */
export type ImageDownloader = (url: string) => Promise<Buffer>;

function checkedImage(bytes: Buffer, index: number, source: string, revisedPrompt: string | null | undefined): DecodedImage {
  const mimeType = sniffImageMimeType(bytes);
  if (!mimeType) {
    throw new InvalidImageResponseError(
      `Portkey returned image ${index + 1} as ${source}, but its ${bytes.length} bytes are not a PNG, JPEG, WebP or GIF image.`,
    );
  }
  return {
    buffer: bytes,
    mimeType,
    fileName: `image-${index + 1}.${imageFileExtension(mimeType)}`,
    ...(revisedPrompt ? { revisedPrompt } : {}),
  };
}

export async function decodeImagesResponse(body: Buffer, download: ImageDownloader): Promise<DecodedImage[]> {
  const json = parseJsonAnswer(body, () => new InvalidImageResponseError("Portkey's images answer is not JSON."));
  const parsed = imagesResponseSchema.safeParse(json);
  if (!parsed.success) throw new InvalidImageResponseError("Portkey's images answer is not an OpenAI-style images response.");
  const entries = parsed.data.data ?? [];
  if (entries.length === 0) throw new InvalidImageResponseError("Portkey returned no images (the `data` list is empty).");

  return Promise.all(
    entries.map(async (entry, index) => {
      if (entry.b64_json) {
        const bytes = decodeStrictBase64(entry.b64_json);
        if (!bytes) throw new InvalidImageResponseError(`Portkey returned image ${index + 1} with invalid base64 data.`);
        return checkedImage(bytes, index, "base64", entry.revised_prompt);
      }
      if (entry.url) return checkedImage(await download(entry.url), index, "a URL", entry.revised_prompt);
      throw new InvalidImageResponseError(`Portkey returned image ${index + 1} with neither b64_json nor url.`);
    }),
  );
}
