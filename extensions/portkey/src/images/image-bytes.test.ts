import { describe, expect, it } from "vitest";
import { decodeStrictBase64, sniffImageMimeType } from "./image-bytes.ts";

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 ")]);
const gif = Buffer.from("GIF89a\x01\x00", "latin1");

describe("sniffImageMimeType", () => {
  it.each([
    [png, "image/png"],
    [jpeg, "image/jpeg"],
    [webp, "image/webp"],
    [gif, "image/gif"],
  ] as const)("recognises %s", (bytes, mimeType) => {
    expect(sniffImageMimeType(bytes)).toBe(mimeType);
  });

  it("refuses bytes that only look a little like an image", () => {
    expect(sniffImageMimeType(Buffer.from("not an image at all"))).toBeUndefined();
    expect(sniffImageMimeType(png.subarray(0, 4))).toBeUndefined();
    expect(sniffImageMimeType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe("decodeStrictBase64", () => {
  it("decodes valid base64, line breaks included", () => {
    expect(decodeStrictBase64(png.toString("base64"))).toEqual(png);
    expect(decodeStrictBase64("aGVs\nbG8=")).toEqual(Buffer.from("hello"));
  });

  it("refuses what Node would decode leniently", () => {
    expect(decodeStrictBase64("not base64!!")).toBeUndefined();
    expect(decodeStrictBase64("aGVsbG8")).toBeUndefined();
    expect(decodeStrictBase64("")).toBeUndefined();
    expect(decodeStrictBase64("a=GVsbG8")).toBeUndefined();
  });
});
