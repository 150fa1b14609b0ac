/**
 * Checks that bytes claimed to be an image are one, so that nothing is ever
 * saved as `image/png` that is not a PNG.
 */

export type ImageMimeType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";

const SIGNATURES: readonly { mimeType: ImageMimeType; matches: (bytes: Buffer) => boolean }[] = [
  { mimeType: "image/png", matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mimeType: "image/jpeg", matches: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mimeType: "image/webp", matches: (b) => b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP" },
  { mimeType: "image/gif", matches: (b) => /^GIF8[79]a$/.test(b.toString("latin1", 0, 6)) },
];

const EXTENSIONS: Record<ImageMimeType, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
};

/** The image type the bytes really are, or undefined when they are no image we know. */
export function sniffImageMimeType(bytes: Buffer): ImageMimeType | undefined {
  return SIGNATURES.find((signature) => signature.matches(bytes))?.mimeType;
}

export function imageFileExtension(mimeType: ImageMimeType): string {
  return EXTENSIONS[mimeType];
}

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes base64 strictly: Node's decoder skips invalid characters silently,
 * which turns a corrupt answer into a few plausible-looking bytes.
 */
export function decodeStrictBase64(encoded: string): Buffer | undefined {
  const compact = encoded.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64_PATTERN.test(compact)) return undefined;
  return Buffer.from(compact, "base64");
}
