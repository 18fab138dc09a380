// Top-K selection with a binary min-heap of size K: the root is the weakest kept score, so a scan compares each
// candidate with one number and only touches the heap when it beats it.

export class TopK {
  readonly k: number;
  #scores: Float64Array;
  #items: Float64Array;
  #size = 0;

  constructor(k: number) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
    this.k = k;
    this.#scores = new Float64Array(k);
    this.#items = new Float64Array(k);
  }

  get size(): number {
    return this.#size;
  }

  /** The score a candidate must beat to enter: -Infinity until the heap is full. */
  get floor(): number {
    return this.#size < this.k ? Number.NEGATIVE_INFINITY : (this.#scores[0] as number);
  }

  push(score: number, item: number): void {
    const scores = this.#scores;
    const items = this.#items;
    if (this.#size < this.k) {
      // sift up
      let i = this.#size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((scores[parent] as number) <= score) break;
        scores[i] = scores[parent] as number;
        items[i] = items[parent] as number;
        i = parent;
      }
      scores[i] = score;
      items[i] = item;
      return;
    }
    if (score <= (scores[0] as number)) return;
    // replace the root and sift down
    const n = this.#size;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (scores[right] as number) < (scores[left] as number) ? right : left;
      if ((scores[child] as number) >= score) break;
      scores[i] = scores[child] as number;
      items[i] = items[child] as number;
      i = child;
    }
    scores[i] = score;
    items[i] = item;
  }

  /** Kept items in heap order (not sorted): for callers that visit them all anyway. */
  items(): Float64Array {
    return this.#items.subarray(0, this.#size);
  }

  /** Kept entries, best first (ties by smaller item for a stable order). */
  sorted(): Array<{ item: number; score: number }> {
    const out: Array<{ item: number; score: number }> = [];
    for (let i = 0; i < this.#size; i++) out.push({ item: this.#items[i] as number, score: this.#scores[i] as number });
    out.sort((a, b) => b.score - a.score || a.item - b.item);
    return out;
  }
}
