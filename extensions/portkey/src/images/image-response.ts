/**
 * Reading an OpenAI-shaped images answer from Portkey into image buffers
 * whose MIME type is the one their bytes prove.
 */
import { z } from "zod";
import { parseJsonAnswer } from "../gateway/transport/portkey-call.ts";
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

/** What one answer may hold: no more images than were asked for, a few downloads at a time, a total size. */
export interface ImageAnswerLimits {
  maxImages: number;
  maxTotalBytes: number;
  downloadConcurrency: number;
}

type ImageEntry = NonNullable<z.infer<typeof imagesResponseSchema>["data"]>[number];

/** Runs `work` for every item, at most `concurrency` at once, keeping the items' order in the results. */
async function mapBounded<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index];
      if (item !== undefined) results[index] = await work(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * The images of an answer, at most `maxImages` of them: entries beyond the
 * count asked for are neither downloaded nor kept, downloads run a few at a
 * time, and the images together may not exceed `maxTotalBytes`.
 */
export async function decodeImagesResponse(body: Buffer, download: ImageDownloader, limits: ImageAnswerLimits): Promise<DecodedImage[]> {
  const json = parseJsonAnswer(body, () => new InvalidImageResponseError("Portkey's images answer is not JSON."));
  const parsed = imagesResponseSchema.safeParse(json);
  if (!parsed.success) throw new InvalidImageResponseError("Portkey's images answer is not an OpenAI-style images response.");
  const entries = (parsed.data.data ?? []).slice(0, limits.maxImages);
  if (entries.length === 0) throw new InvalidImageResponseError("Portkey returned no images (the `data` list is empty).");

  let totalBytes = 0;
  const counted = (image: DecodedImage): DecodedImage => {
    totalBytes += image.buffer.length;
    if (totalBytes > limits.maxTotalBytes) {
      throw new InvalidImageResponseError(
        `Portkey's images come to more than ${Math.round(limits.maxTotalBytes / (1024 * 1024))} MiB together; none was kept.`,
      );
    }
    return image;
  };
  const decode = async (entry: ImageEntry, index: number): Promise<DecodedImage> => {
    if (entry.b64_json) {
      const bytes = decodeStrictBase64(entry.b64_json);
      if (!bytes) throw new InvalidImageResponseError(`Portkey returned image ${index + 1} with invalid base64 data.`);
      return counted(checkedImage(bytes, index, "base64", entry.revised_prompt));
    }
    if (entry.url) return counted(checkedImage(await download(entry.url), index, "a URL", entry.revised_prompt));
    throw new InvalidImageResponseError(`Portkey returned image ${index + 1} with neither b64_json nor url.`);
  };
  return mapBounded(entries, limits.downloadConcurrency, decode);
}
