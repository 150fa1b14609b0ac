/**
 * The picture the stand-ins answer an image request with: a PNG of the size
 * asked for (as a real image model returns), a person can look at — a
 * lighthouse on a sea at dusk, its sky tinted by the prompt, so two prompts
 * give two pictures. Drawn pixel by pixel and encoded with node:zlib.
 */
import { crc32, deflateSync } from "node:zlib";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The largest side drawn; OpenAI's largest image is 1536 by 1024 (DALL·E 3: 1792). */
const MAX_SIDE = 2048;
const drawn = new Map<string, Buffer<ArrayBuffer>>();

export interface ImageSize {
  width: number;
  height: number;
}

/** "1024x1536" → its width and height; undefined for "auto" or anything out of bounds. */
export function parseImageSize(size: string | undefined): ImageSize | undefined {
  const match = /^(\d{1,4})x(\d{1,4})$/.exec(size ?? "");
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width >= 1 && height >= 1 && width <= MAX_SIDE && height <= MAX_SIDE ? { width, height } : undefined;
}

/** Width and height from a PNG's header, to check what was saved. */
export function pngSize(png: Buffer): ImageSize | undefined {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString("latin1", 12, 16) !== "IHDR") return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

type Rgb = [number, number, number];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** A hue shift in [0, 1) from the prompt, so the sky follows what was asked. */
function tintOf(prompt: string): number {
  return (crc32(prompt) % 360) / 360;
}

function pixel(x: number, y: number, width: number, height: number, tint: number): Rgb {
  const horizon = height * 0.64;
  const side = Math.min(width, height);
  const sky: Rgb = mix([40 + 60 * tint, 30, 90 + 40 * (1 - tint)], [250, 150 + 60 * tint, 80], Math.min(1, y / horizon));
  const tower = { left: width * 0.22, right: width * 0.22 + side * 0.07, top: height * 0.28 };
  if (x >= tower.left && x <= tower.right && y >= tower.top && y < horizon) {
    const lamp = y < tower.top + side * 0.05;
    if (lamp) return [255, 236, 140];
    return Math.floor((y - tower.top) / (side * 0.06)) % 2 === 0 ? [236, 236, 230] : [196, 40, 40];
  }
  if (y < horizon) {
    const sun = Math.hypot(x - width * 0.68, y - horizon + side * 0.02) < side * 0.1;
    return sun ? [255, 214, 120] : sky;
  }
  const depth = (y - horizon) / (height - horizon);
  const sea = mix([30, 60, 110], [8, 20, 48], depth);
  const ripple = Math.sin(y * 0.45 + Math.sin(x * 0.03) * 3) > 0.95;
  return ripple ? mix(sea, [250, 170, 90], 0.5 * (1 - depth)) : sea;
}

/** The picture at this size for this prompt (drawn once, then kept). */
export function picturePng(size: ImageSize, prompt: string): Buffer<ArrayBuffer> {
  const key = `${size.width}x${size.height}:${prompt}`;
  const cached = drawn.get(key);
  if (cached) return cached;
  const { width, height } = size;
  const tint = tintOf(prompt);
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    // Each row starts with filter type 0 (none).
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y, width, height, tint);
      const at = y * stride + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  const encoded = Buffer.concat([PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
  const png: Buffer<ArrayBuffer> = Buffer.from(Uint8Array.from(encoded).buffer);
  drawn.set(key, png);
  return png;
}
