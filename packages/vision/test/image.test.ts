import { halve, type RgbImage, resize } from '../src/image.ts';

/** The 2×2 box filter by its definition: output (x, y) averages source columns 2x, 2x+1 and rows 2y, 2y+1, each
 * clamped into the image, rounded half up. */
function halveByDefinition(img: RgbImage): RgbImage {
  const w = Math.max(1, img.width >> 1);
  const h = Math.max(1, img.height >> 1);
  const out = new Uint8Array(w * h * 3);
  const at = (x: number, y: number, c: number) =>
    img.data[(Math.min(y, img.height - 1) * img.width + Math.min(x, img.width - 1)) * 3 + c];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        const sum =
          at(2 * x, 2 * y, c) + at(2 * x + 1, 2 * y, c) + at(2 * x, 2 * y + 1, c) + at(2 * x + 1, 2 * y + 1, c);
        out[(y * w + x) * 3 + c] = (sum + 2) >> 2;
      }
    }
  }
  return { data: out, width: w, height: h };
}

function randomImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return { data, width, height };
}

describe('halve', () => {
  it.each([
    [8, 6],
    [7, 5],
    [1, 9],
    [9, 1],
    [1, 1],
    [2, 3],
    [641, 479],
  ])('equals the 2×2 box filter on a %i×%i image', (width, height) => {
    const img = randomImage(width, height, width * 1000 + height);
    const got = halve(img);
    const want = halveByDefinition(img);
    expect([got.width, got.height]).toEqual([want.width, want.height]);
    expect(Buffer.from(got.data).equals(Buffer.from(want.data))).toBe(true);
  });

  it('averages a 2×2 block with rounding half up', () => {
    const img = { data: new Uint8Array([0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 255]), width: 2, height: 2 };
    expect(Array.from(halve(img).data)).toEqual([1, 1, 64]);
  });
});

describe('resize', () => {
  it('keeps a flat image flat at any size and refuses an empty one', () => {
    const flat = { data: new Uint8Array(40 * 30 * 3).fill(77), width: 40, height: 30 };
    for (const [w, h] of [
      [10, 7],
      [13, 30],
      [80, 61],
    ]) {
      const out = resize(flat, w, h);
      expect([out.width, out.height]).toEqual([w, h]);
      expect(out.data.every((v) => v === 77)).toBe(true);
    }
    expect(() => resize(flat, 0, 5)).toThrow(RangeError);
    expect(() => resize(flat, 2.5, 5)).toThrow(RangeError);
  });

  it('averages what it shrinks: a 2×2 checkerboard block becomes its mean grey', () => {
    const data = new Uint8Array(4 * 4 * 3);
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) data.fill((x + y) % 2 ? 200 : 0, (y * 4 + x) * 3, (y * 4 + x) * 3 + 3);
    const out = resize({ data, width: 4, height: 4 }, 2, 2);
    expect([...out.data]).toEqual(new Array(12).fill(100));
  });
});
