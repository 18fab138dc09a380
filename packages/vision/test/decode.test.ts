import * as zlib from 'node:zlib';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodeImage, sniffFormat } from '../src/decode.ts';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid PNG header declaring width×height RGB, with a tiny (incomplete) pixel stream: a few hundred bytes. */
function hugePngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function jpeg(width: number, height: number): Promise<Buffer> {
  // Left half red, right half blue: orientation changes are visible in the pixels.
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (x < width / 2) raw[o] = 255;
      else raw[o + 2] = 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

describe('sniffFormat', () => {
  it('recognises JPEG, PNG and WebP by magic bytes only', async () => {
    expect(sniffFormat(await jpeg(8, 8))).toBe('jpeg');
    expect(
      sniffFormat(
        await sharp(await jpeg(8, 8))
          .png()
          .toBuffer(),
      ),
    ).toBe('png');
    expect(
      sniffFormat(
        await sharp(await jpeg(8, 8))
          .webp()
          .toBuffer(),
      ),
    ).toBe('webp');
    expect(sniffFormat(Buffer.from('GIF89a……'))).toBeUndefined();
  });
});

describe('decodeImage', () => {
  it('decodes a JPEG into RGB of the right size', async () => {
    const r = await decodeImage(await jpeg(40, 30));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.width, r.value.height, r.value.data.length, r.value.format]).toEqual([40, 30, 40 * 30 * 3, 'jpeg']);
  });

  it('returns RGB for greyscale and alpha PNGs', async () => {
    const grey = await sharp(Buffer.alloc(16 * 16, 128), { raw: { width: 16, height: 16, channels: 1 } })
      .png()
      .toBuffer();
    const rgba = await sharp({
      create: { width: 16, height: 16, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    for (const bytes of [grey, rgba]) {
      const r = await decodeImage(bytes);
      expect(r.ok && r.value.data.length).toBe(16 * 16 * 3);
    }
  });

  it('refuses an empty input', async () => {
    expect(await decodeImage(new Uint8Array(0))).toMatchObject({ ok: false, code: 'unsupported_image' });
  });

  it('refuses formats it does not accept', async () => {
    const gif = await sharp(await jpeg(8, 8))
      .gif()
      .toBuffer();
    const tiff = await sharp(await jpeg(8, 8))
      .tiff()
      .toBuffer();
    for (const bytes of [gif, tiff, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), Buffer.from('hello')]) {
      expect(await decodeImage(bytes)).toMatchObject({ ok: false, code: 'unsupported_image' });
    }
  });

  it('refuses a truncated JPEG as corrupt', async () => {
    const full = await jpeg(64, 64);
    const r = await decodeImage(full.subarray(0, Math.floor(full.length * 0.6)));
    expect(r).toMatchObject({ ok: false, code: 'corrupt_image' });
  });

  it('refuses garbage behind a valid magic number as corrupt', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(200, 7)]);
    expect(await decodeImage(bytes)).toMatchObject({ ok: false, code: 'corrupt_image' });
  });

  it('refuses a 20000×20000 PNG of a few hundred bytes from its header, before decoding', async () => {
    const bytes = hugePngHeader(20_000, 20_000);
    expect(bytes.length).toBeLessThan(4096);
    const r = await decodeImage(bytes);
    expect(r).toMatchObject({ ok: false, code: 'image_too_large' });
  });

  it('refuses inputs over the byte limit', async () => {
    const r = await decodeImage(await jpeg(64, 64), { maxBytes: 100, maxPixels: 1e9, maxSide: 1e5 });
    expect(r).toMatchObject({ ok: false, code: 'image_too_large' });
  });

  it('applies EXIF orientation (6 = rotate 90° clockwise)', async () => {
    const rotated = await sharp(await jpeg(40, 20))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const r = await decodeImage(rotated);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.width, r.value.height]).toEqual([20, 40]);
    // Red was on the left; after a clockwise quarter turn it is at the top.
    const top = r.value.data.subarray((2 * 20 + 10) * 3, (2 * 20 + 10) * 3 + 3);
    const bottom = r.value.data.subarray((37 * 20 + 10) * 3, (37 * 20 + 10) * 3 + 3);
    expect(top[0]).toBeGreaterThan(200);
    expect(bottom[2]).toBeGreaterThan(200);
  });
});
