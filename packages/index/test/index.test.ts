import {
  buildIvfInWorker,
  ExactIndex,
  GalleryIndex,
  gaussian,
  IvfIndex,
  normalized,
  randomUnitVector,
  seededRandom,
  TopK,
} from '../src/index.ts';
import { computeIvfParts, gatherRows } from '../src/ivf-build.ts';

function randomVectors(count: number, dim: number, seed: number): Float32Array[] {
  const normal = gaussian(seededRandom(seed));
  return Array.from({ length: count }, () => {
    const v = new Float32Array(dim);
    randomUnitVector(normal, v);
    return v;
  });
}

/** A unit vector whose cosine with `source` is exactly `similarity` (a genuine probe of an enrolled face). */
function noisyCopy(source: Float32Array, similarity: number, normal: () => number): Float32Array {
  const noise = new Float32Array(source.length);
  randomUnitVector(normal, noise);
  let along = 0;
  for (let j = 0; j < source.length; j++) along += (noise[j] as number) * (source[j] as number);
  for (let j = 0; j < source.length; j++) noise[j] = (noise[j] as number) - along * (source[j] as number);
  const n = normalized(noise);
  return Float32Array.from(source, (x, j) => similarity * x + Math.sqrt(1 - similarity ** 2) * (n[j] as number));
}

function bruteForce(vectors: Map<string, Float32Array>, query: Float32Array, k: number) {
  return [...vectors]
    .map(([id, v]) => ({ id, score: v.reduce((s, x, j) => s + x * (query[j] as number), 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

describe('TopK', () => {
  test('keeps the k largest, best first, whatever the input order', () => {
    const random = seededRandom(7);
    const scores = Array.from({ length: 1000 }, () => random());
    const heap = new TopK(10);
    scores.forEach((s, i) => {
      heap.push(s, i);
    });
    const expected = scores
      .map((score, item) => ({ item, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    expect(heap.sorted()).toEqual(expected);
  });

  test('with fewer items than k returns them all', () => {
    const heap = new TopK(5);
    heap.push(0.5, 1);
    heap.push(0.9, 2);
    expect(heap.sorted()).toEqual([
      { item: 2, score: 0.9 },
      { item: 1, score: 0.5 },
    ]);
    expect(heap.floor).toBe(Number.NEGATIVE_INFINITY);
  });

  test('rejects k < 1', () => {
    expect(() => new TopK(0)).toThrow(RangeError);
  });
});

describe('ExactIndex', () => {
  const dim = 16;

  test('search equals brute force, across growth beyond the initial capacity', () => {
    const index = new ExactIndex(dim, 2);
    const vectors = new Map<string, Float32Array>();
    randomVectors(300, dim, 1).forEach((v, i) => {
      expect(index.add(`f${i}`, v)).toBe(true);
      vectors.set(`f${i}`, v);
    });
    expect(index.size).toBe(300);
    for (const query of randomVectors(20, dim, 2)) {
      const got = index.search(query, 7);
      const want = bruteForce(vectors, query, 7);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo((want[i] as { score: number }).score, 5);
      });
    }
  });

  test('adding an id twice is a no-op that keeps the first vector', () => {
    const index = new ExactIndex(dim);
    const [a, b] = randomVectors(2, dim, 3) as [Float32Array, Float32Array];
    expect(index.add('x', a)).toBe(true);
    expect(index.add('x', b)).toBe(false);
    expect(index.size).toBe(1);
    expect(index.vector('x')).toEqual(a);
  });

  test('swap-remove keeps every other vector in place and findable', () => {
    const index = new ExactIndex(dim);
    const vectors = new Map<string, Float32Array>();
    randomVectors(50, dim, 4).forEach((v, i) => {
      index.add(`f${i}`, v);
      vectors.set(`f${i}`, v);
    });
    // first, a middle one, the last one, and an absent id
    for (const id of ['f0', 'f25', 'f49']) {
      expect(index.remove(id)).toBe(true);
      vectors.delete(id);
    }
    expect(index.remove('f25')).toBe(false);
    expect(index.remove('nope')).toBe(false);
    expect(index.size).toBe(47);
    for (const [id, v] of vectors) {
      expect(index.vector(id)).toEqual(v);
      expect(index.search(v, 1)[0]?.id).toBe(id);
    }
    expect([...index.entries()].map(([id]) => id).sort()).toEqual([...vectors.keys()].sort());
  });

  test('rejects vectors of the wrong dimension', () => {
    const index = new ExactIndex(dim);
    expect(() => index.add('x', new Float32Array(dim + 1))).toThrow(RangeError);
    expect(() => index.search(new Float32Array(dim - 1), 1)).toThrow(RangeError);
  });

  test('search on an empty index returns nothing', () => {
    expect(new ExactIndex(dim).search(new Float32Array(dim), 3)).toEqual([]);
  });
});

describe('IvfIndex', () => {
  const dim = 128;
  const size = 20_000;
  const gallery = randomVectors(size, dim, 11);
  const entries = gallery.map((v, i) => [`f${i}`, v] as [string, Float32Array]);

  test('recall@1 against exact search is at least 0.99 for genuine probes at cosine 0.7 (seeded)', () => {
    const ivf = IvfIndex.build(dim, entries, size, { seed: 5 });
    const exact = new ExactIndex(dim);
    for (const [id, v] of entries) exact.add(id, v);
    const normal = gaussian(seededRandom(12));
    const pick = seededRandom(13);
    const queries = 300;
    let agree = 0;
    for (let q = 0; q < queries; q++) {
      const probe = noisyCopy(gallery[Math.floor(pick() * size)] as Float32Array, 0.7, normal);
      if (ivf.search(probe, 1)[0]?.id === exact.search(probe, 1)[0]?.id) agree++;
    }
    expect(agree / queries).toBeGreaterThanOrEqual(0.99);
  });

  test('random adds and removes keep every listing consistent (exhaustive search equals brute force)', () => {
    const ivf = IvfIndex.build(dim, entries.slice(0, 500), 500, { seed: 3, nlist: 8, spill: 2, rerank: 100_000 });
    const live = new Map(entries.slice(0, 500));
    const random = seededRandom(99);
    const pool = entries.slice(0, 1500);
    for (let op = 0; op < 3000; op++) {
      const [id, v] = pool[Math.floor(random() * pool.length)] as [string, Float32Array];
      if (random() < 0.5) {
        expect(ivf.add(id, v)).toBe(!live.has(id));
        live.set(id, v);
      } else {
        expect(ivf.remove(id)).toBe(live.delete(id));
      }
    }
    expect(ivf.size).toBe(live.size);
    expect(new Set([...ivf.entries()].map(([id]) => id))).toEqual(new Set(live.keys()));
    for (const query of randomVectors(10, dim, 16)) {
      const got = ivf.search(query, 5, ivf.nlist);
      expect(got.map((h) => h.id)).toEqual(bruteForce(live, query, 5).map((h) => h.id));
    }
  });

  test('scores are exact, and add/remove after the build keep the cells consistent', () => {
    const ivf = IvfIndex.build(dim, entries.slice(0, 2000), 2000, { seed: 5, nlist: 16, rerank: 5000 });
    const extra = randomVectors(10, dim, 14);
    extra.forEach((v, i) => {
      expect(ivf.add(`x${i}`, v)).toBe(true);
    });
    expect(ivf.add('x0', extra[1] as Float32Array)).toBe(false);
    expect(ivf.remove('f3')).toBe(true);
    expect(ivf.remove('f3')).toBe(false);
    expect(ivf.size).toBe(2009);
    expect(ivf.has('f3')).toBe(false);
    // probing every cell and re-scoring every candidate makes IVF exhaustive: it must then agree exactly with brute force
    const all = new Map(ivf.entries());
    for (const query of randomVectors(10, dim, 15)) {
      const got = ivf.search(query, 5, ivf.nlist);
      const want = bruteForce(all, query, 5);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
    }
    extra.forEach((v, i) => {
      expect(ivf.vector(`x${i}`)).toEqual(v);
    });
  });
});

describe('buildIvfInWorker', () => {
  test('builds the same index as IvfIndex.build (same seed), with progress, off this thread', async () => {
    const dim = 32;
    const vectors = randomVectors(3_000, dim, 41);
    const entries = vectors.map((v, i) => [`f${i}`, v] as [string, Float32Array]);
    const phases = new Set<string>();
    const options = { seed: 4, nlist: 40 };
    const inWorker = await buildIvfInWorker(dim, entries, entries.length, {
      ...options,
      onProgress: (phase) => phases.add(phase),
    });
    const here = IvfIndex.build(dim, entries, entries.length, options);
    expect([...phases].sort()).toEqual(['assign', 'train']);
    expect(inWorker.size).toBe(3_000);
    expect(inWorker.nlist).toBe(here.nlist);
    for (const query of randomVectors(20, dim, 42)) {
      expect(inWorker.search(query, 5)).toEqual(here.search(query, 5));
    }
    // The adopted shared rows keep working after growth and removal.
    const extra = randomVectors(100, dim, 43);
    extra.forEach((v, i) => {
      expect(inWorker.add(`x${i}`, v)).toBe(true);
    });
    expect(inWorker.remove('f0')).toBe(true);
    expect(inWorker.search(extra[99] as Float32Array, 1)[0]?.id).toBe('x99');
    expect(inWorker.vector('f1')).toEqual(vectors[1]);
  });
});

describe('IvfIndex.assemble', () => {
  test('in steps gives the same index as fromParts, pausing every `step` rows', () => {
    const dim = 32;
    const vectors = randomVectors(500, dim, 51);
    const { ids, vectors: block } = gatherRows(
      dim,
      vectors.map((v, i) => [`f${i}`, v] as [string, Float32Array]),
      500,
    );
    const parts = computeIvfParts(dim, block, ids.length, { seed: 6, nlist: 20 });
    const whole = IvfIndex.fromParts(dim, ids, block.slice(), parts);
    const steps = IvfIndex.assemble(dim, ids, block.slice(), parts, 7);
    let pauses = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pauses++;
    // 500 ids adopted, then 500 rows listed: a pause after every 7 of each.
    expect(pauses).toBe(2 * Math.floor(500 / 7));
    const stepwise = next.value;
    for (const query of randomVectors(10, dim, 52)) expect(stepwise.search(query, 5)).toEqual(whole.search(query, 5));
  });
});

describe('GalleryIndex', () => {
  const dim = 8;
  const unit = (...xs: number[]) => normalized([...xs, ...new Array(dim - xs.length).fill(0)]);

  test('identify returns one candidate per subject, best first, above minScore only', () => {
    const g = new GalleryIndex({ dim });
    g.add('a1', 'alice', unit(1, 0.1));
    g.add('a2', 'alice', unit(1, 0.2));
    g.add('b1', 'bob', unit(1, 0.5));
    g.add('c1', 'carol', unit(0, 1));
    const probe = unit(1, 0);
    const hits = g.identify(probe, 5);
    expect(hits.map((h) => [h.subjectId, h.faceId])).toEqual([
      ['alice', 'a1'],
      ['bob', 'b1'],
      ['carol', 'c1'],
    ]);
    expect(g.identify(probe, 1).map((h) => h.subjectId)).toEqual(['alice']);
    expect(g.identify(probe, 5, 0.95).map((h) => h.subjectId)).toEqual(['alice']);
    // a stranger: nothing reaches the threshold, so no nearest-subject guess
    expect(g.identify(unit(0, 0, 1), 5, 0.5)).toEqual([]);
  });

  test('identify finds K distinct subjects even when one subject owns the top faces', () => {
    const g = new GalleryIndex({ dim });
    for (let i = 0; i < 50; i++) g.add(`a${i}`, 'alice', unit(1, 0.001 * i));
    g.add('b1', 'bob', unit(1, 0.3));
    expect(g.identify(unit(1, 0), 2).map((h) => h.subjectId)).toEqual(['alice', 'bob']);
  });

  test('scoreSubject gives the best face and the mean template', () => {
    const g = new GalleryIndex({ dim });
    g.add('a1', 'alice', unit(1, 1));
    g.add('a2', 'alice', unit(1, -1));
    const s = g.scoreSubject('alice', unit(1, 0.2));
    expect(s?.best.faceId).toBe('a1');
    expect(s?.template).toBeCloseTo(unit(1, 0.2)[0] as number, 5);
    expect(s?.faces).toBe(2);
    expect(g.scoreSubject('nobody', unit(1))).toBeUndefined();
  });

  test('idempotent apply: a face added twice counts once, removing absent things is a no-op', () => {
    const g = new GalleryIndex({ dim });
    expect(g.add('a1', 'alice', unit(1))).toBe(true);
    expect(g.add('a1', 'alice', unit(1))).toBe(false);
    expect(g.size).toBe(1);
    expect(g.removeFace('zzz')).toBe(false);
    expect(g.removeSubject('nobody')).toBe(0);
    g.add('a2', 'alice', unit(0, 1));
    g.add('b1', 'bob', unit(0, 0, 1));
    expect(g.removeSubject('alice')).toBe(2);
    expect(g.removeSubject('alice')).toBe(0);
    expect(g.size).toBe(1);
    expect(g.subjects).toBe(1);
    expect(g.identify(unit(1), 5, -1).map((h) => h.subjectId)).toEqual(['bob']);
  });

  test.each([
    ['in a worker', true],
    ['synchronously', false],
  ])('switches to IVF above the threshold and back below half of it, losing nothing (%s)', async (_, buildInWorker) => {
    const rebuilds: string[] = [];
    const g = new GalleryIndex({
      dim: 32,
      approximateAbove: 300,
      ivf: { seed: 1 },
      buildInWorker,
      onRebuild: (r) => rebuilds.push(`${r.from}->${r.to}`),
    });
    const vectors = randomVectors(400, 32, 21);
    g.addAll(vectors.map((vector, i) => ({ faceId: `f${i}`, subjectId: `s${i % 100}`, vector })));
    expect(g.building).toBe(buildInWorker);
    await g.settled();
    expect(g.building).toBe(false);
    expect(g.kind).toBe('ivf');
    expect(g.size).toBe(400);
    expect(g.subjects).toBe(100);
    for (let i = 0; i < 260; i++) g.removeFace(`f${i}`);
    expect(g.kind).toBe('exact');
    expect(rebuilds).toEqual(['exact->ivf', 'ivf->exact']);
    for (let i = 260; i < 400; i++) {
      expect(g.identify(vectors[i] as Float32Array, 1)[0]?.faceId).toBe(`f${i}`);
    }
  });

  test('a failed worker build is reported and the gallery keeps serving from its exact index', async () => {
    const errors: string[] = [];
    // pqM 3 cannot split 32 components into 6 sub-spaces: the build throws in the worker, then again on this thread.
    const g = new GalleryIndex({
      dim: 32,
      approximateAbove: 100,
      ivf: { pqM: 3 },
      onBuildError: (error) => errors.push(String(error)),
    });
    const vectors = randomVectors(200, 32, 61);
    g.addAll(vectors.map((vector, i) => ({ faceId: `f${i}`, subjectId: `s${i}`, vector })));
    await g.settled();
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error).toMatch(/pqM 3/);
    expect(g.kind).toBe('exact');
    expect(g.identify(vectors[3] as Float32Array, 1)[0]?.faceId).toBe('f3');
  });

  test('a worker build leaves the event loop free, keeps answering, and replays changes made meanwhile', async () => {
    const dim = 64;
    const g = new GalleryIndex({ dim, approximateAbove: 1_000, ivf: { seed: 2 } });
    const vectors = randomVectors(20_000, dim, 31);
    g.addAll(vectors.map((vector, i) => ({ faceId: `f${i}`, subjectId: `s${i}`, vector })));
    expect(g.building).toBe(true);
    // A timer that fires while the build runs proves the build is not holding the event loop.
    let ticksWhileBuilding = 0;
    const timer = setInterval(() => {
      if (g.building) ticksWhileBuilding++;
    }, 1);
    // Changes during the build go to the current (exact) index at once and must survive the switch.
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(g.building).toBe(true);
    expect(g.kind).toBe('exact');
    expect(g.identify(vectors[5] as Float32Array, 1)[0]?.faceId).toBe('f5');
    const extra = randomVectors(5, dim, 32);
    extra.forEach((vector, i) => {
      g.add(`x${i}`, `sx${i}`, vector);
    });
    g.removeFace('f7');
    g.removeSubject('s8');
    expect(g.identify(extra[0] as Float32Array, 1)[0]?.faceId).toBe('x0');
    await g.settled();
    clearInterval(timer);
    expect(ticksWhileBuilding).toBeGreaterThan(0);
    expect(g.kind).toBe('ivf');
    expect(g.size).toBe(20_000 + 5 - 2);
    expect(g.index.has('f7')).toBe(false);
    expect(g.index.has('f8')).toBe(false);
    extra.forEach((vector, i) => {
      expect(g.identify(vector, 1)[0]?.faceId).toBe(`x${i}`);
    });
    expect(g.identify(vectors[7] as Float32Array, 1)[0]?.faceId).not.toBe('f7');
    expect(g.identify(vectors[9] as Float32Array, 1)[0]?.faceId).toBe('f9');
  });
});
