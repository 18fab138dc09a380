// Seeded pseudo-random numbers, so k-means, tests and benchmarks are reproducible run to run.

/** mulberry32: small, fast, good enough for sampling and synthetic data (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform source (Box–Muller, both values used). */
export function gaussian(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** A random unit vector written into `out` (isotropic: normal components, then normalised). */
export function randomUnitVector(normal: () => number, out: Float32Array, offset = 0, dim = out.length): void {
  let norm = 0;
  for (let j = 0; j < dim; j++) {
    const x = normal();
    out[offset + j] = x;
    norm += x * x;
  }
  const inv = 1 / Math.sqrt(norm);
  for (let j = 0; j < dim; j++) out[offset + j] = (out[offset + j] as number) * inv;
}
