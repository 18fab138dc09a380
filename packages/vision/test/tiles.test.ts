import { planTiles, TILE_BOX_SLACK, TILE_EDGE_MARGIN, type TileLevel } from '../src/tiles.ts';

const INPUT = 256;

/** Whether some tile of the level holds the box wholly, away from the edges it shares with the rest of the frame. */
function heldWhole(level: TileLevel, box: { x: number; y: number; w: number }, width: number, height: number) {
  return level.tiles.some((t) => {
    const margin = (TILE_EDGE_MARGIN * t.side) / INPUT;
    const left = t.x > 0 ? t.x + margin : -Infinity;
    const top = t.y > 0 ? t.y + margin : -Infinity;
    const right = t.x + t.side < width ? t.x + t.side - margin : Infinity;
    const bottom = t.y + t.side < height ? t.y + t.side - margin : Infinity;
    return box.x > left && box.y > top && box.x + box.w < right && box.y + box.w < bottom;
  });
}

/** A small deterministic generator, so a failure names a reproducible case. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('planTiles', () => {
  it('adds nothing when the whole-frame pass already shows the smallest wanted face at 20 input pixels', () => {
    // 640 px → 256: a 50 px face is 20 input pixels.
    expect(planTiles(640, 480, { inputSize: INPUT, minFacePx: 50 })).toEqual([]);
    expect(planTiles(256, 256, { inputSize: INPUT, minFacePx: 20 })).toEqual([]);
  });

  it('splits the face sizes below the whole-frame limit into contiguous bands of at most 2.5×', () => {
    const levels = planTiles(4000, 3000, { inputSize: INPUT, minFacePx: 20 });
    // 4000 px → 256: the whole frame shows 312.5 px faces at 20 input pixels.
    expect(levels[0].maxFace).toBeCloseTo(312.5);
    expect(levels.at(-1)?.minFace).toBe(20);
    for (const [i, level] of levels.entries()) {
      expect(level.maxFace / level.minFace).toBeLessThanOrEqual(2.5 + 1e-9);
      if (i > 0) expect(level.maxFace).toBeCloseTo(levels[i - 1].minFace);
      // Each level's tiles show its smallest face at (about) 20 input pixels.
      const side = level.tiles[0].side;
      expect(level.tiles.every((t) => t.side === side)).toBe(true);
      expect((level.minFace * INPUT) / side).toBeGreaterThan(19.9);
      expect((level.minFace * INPUT) / side).toBeLessThanOrEqual(20);
    }
  });

  it.each<[number, number, number]>([
    [1600, 1200, 20],
    [4000, 3000, 20],
    [2000, 300, 20],
    [300, 2000, 30],
    [1920, 1080, 40],
  ])('holds every face of each band wholly in some tile of its level (%i×%i, min %i px)', (width, height, min) => {
    const levels = planTiles(width, height, { inputSize: INPUT, minFacePx: min });
    expect(levels.length).toBeGreaterThan(0);
    const random = lcg(width * 31 + height);
    for (const level of levels) {
      for (const t of level.tiles) {
        // Tiles stay inside the frame unless the frame is narrower than a tile.
        expect(t.x >= 0 && (t.x + t.side <= width || t.x === 0)).toBe(true);
        expect(t.y >= 0 && (t.y + t.side <= height || t.y === 0)).toBe(true);
      }
      for (let i = 0; i < 2000; i++) {
        // A face of the band, its box up to the slack the plan allows for.
        const w = (level.minFace + random() * (level.maxFace - level.minFace)) * (1 + random() * (TILE_BOX_SLACK - 1));
        const box = { x: random() * (width - w), y: random() * (height - w), w };
        if (!heldWhole(level, box, width, height)) throw new Error(`no tile holds ${JSON.stringify(box)}`);
      }
    }
  });

  it('gives up the smallest faces, not the bound, when a frame would need more tiles than allowed', () => {
    const unbounded = planTiles(8000, 5000, { inputSize: INPUT, minFacePx: 20 });
    const total = (levels: TileLevel[]) => levels.reduce((n, l) => n + l.tiles.length, 0);
    expect(total(unbounded)).toBeGreaterThan(200);
    const bounded = planTiles(8000, 5000, { inputSize: INPUT, minFacePx: 20, maxTiles: 200 });
    expect(total(bounded)).toBeLessThanOrEqual(200);
    expect(bounded.at(-1)?.minFace).toBeGreaterThan(20);
    expect(bounded[0].maxFace).toBeCloseTo(unbounded[0].maxFace);
    // Within the bound, nothing changes.
    expect(planTiles(1600, 1200, { inputSize: INPUT, minFacePx: 20, maxTiles: 200 })).toEqual(
      planTiles(1600, 1200, { inputSize: INPUT, minFacePx: 20 }),
    );
  });

  it('refuses a band ratio that could never shrink', () => {
    expect(() => planTiles(1600, 1200, { inputSize: INPUT, minFacePx: 20, levelRatio: 1 })).toThrow(RangeError);
    expect(() => planTiles(1600, 1200, { inputSize: INPUT, minFacePx: 20, maxTiles: 0 })).toThrow(RangeError);
  });
});
