// Untrusted image bytes → RGB pixels. The format comes from magic bytes (never a file name or a client's
// content type); size limits are checked against the header before any pixel is decoded, so a tiny file that
// declares a huge canvas is refused without allocating it.
import sharp from 'sharp';
import type { RgbImage } from './image.ts';
import { fail, ok, type Result } from './result.ts';

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface DecodeLimits {
  /** Largest accepted input, in bytes. */
  maxBytes: number;
  /** Largest accepted width × height (as stored, before EXIF rotation). */
  maxPixels: number;
  /** Largest accepted width or height. */
  maxSide: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxBytes: 15 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxSide: 12_000,
};

export interface DecodedImage extends RgbImage {
  readonly format: ImageFormat;
}

/** The image format named by the first bytes, or undefined for anything Visor does not accept. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    return 'webp';
  }
  return undefined;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/**
 * Decodes JPEG/PNG/WebP bytes into upright RGB (EXIF orientation applied, alpha flattened onto white).
 * Never throws for bad input: returns `unsupported_image`, `image_too_large` or `corrupt_image`.
 */
export async function decodeImage(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): Promise<Result<DecodedImage>> {
  if (bytes.length === 0) return fail('unsupported_image', 'empty input');
  if (bytes.length > limits.maxBytes) {
    return fail('image_too_large', `image is ${bytes.length} bytes, the limit is ${limits.maxBytes}`);
  }
  const format = sniffFormat(bytes);
  if (!format) return fail('unsupported_image', 'not a JPEG, PNG or WebP image');

  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width: number;
  let height: number;
  try {
    // Header only: sharp's metadata() does not decode pixels.
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    if (meta.format !== format) {
      return fail('corrupt_image', `content declares ${format} but decodes as ${meta.format ?? 'unknown'}`);
    }
    if (!meta.width || !meta.height) return fail('corrupt_image', 'image header has no dimensions');
    width = meta.width;
    height = meta.height;
  } catch {
    return fail('corrupt_image', `unreadable ${format} header`);
  }
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    return fail(
      'image_too_large',
      `image is ${width}×${height}, the limits are ${limits.maxSide} px per side and ${limits.maxPixels} pixels`,
    );
  }

  try {
    const { data, info } = await sharp(input, {
      limitInputPixels: limits.maxPixels,
      failOn: 'error',
      sequentialRead: true,
      pages: 1,
    })
      .rotate()
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const rgb =
      info.channels === 3 ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : toRgb(data, info.channels);
    return ok({ data: rgb, width: info.width, height: info.height, format });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : 'decode failed';
    return fail('corrupt_image', `cannot decode ${format}: ${reason}`);
  }
}

function toRgb(data: Uint8Array, channels: number): Uint8Array {
  const n = data.length / channels;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    const grey = channels < 3;
    out[i * 3] = data[s];
    out[i * 3 + 1] = grey ? data[s] : data[s + 1];
    out[i * 3 + 2] = grey ? data[s] : data[s + 2];
  }
  return out;
}
