/**
 * Candidate pairs of a large LSH bucket without comparing every pair: see OverlapCounter.
 */
import type { SharedCorpus as Corpus } from '../prepare/corpus.js';

/**
 * Buckets up to this size are checked pair by pair (a size filter, then a merge), larger ones
 * through shared shingles. The size is the fastest of a sweep from 8 to 128 on the 1M corpus:
 * below it, counting costs more than the pairs it saves; above it, pairs that share little are
 * counted at length.
 */
export const SMALL_BUCKET = 64;
/** Buckets up to this size fit the overlap counter below (member index in 11 bits of a key). */
export const COUNTED_BUCKET = 2048;

/**
 * Which pairs of a bucket are worth counting, when its members come in an order where each one
 * pairs only with a run of those after it (date order, see date-order.ts): member k is at
 * `positions[k]` of that order, and pairs with the members at positions up to `last[positions[k]]`.
 */
export interface Reach {
  positions: Uint32Array;
  last: Uint32Array;
}

/**
 * Finds the pairs of a bucket that share enough shingles to reach Jaccard t, since
 * J(A, B) ≥ t ⟺ |A ∩ B| ≥ t/(1+t)·(|A|+|B|). Overlaps are counted through the bucket's own
 * inverted index, built by sorting (shingle, member) keys: one increment per shared shingle per
 * pair, where a merge per pair would cost |A| + |B| steps. Large buckets are nearly all unrelated
 * items that share one common shingle, so almost every pair is dropped before any merge.
 * Scratch arrays are kept and reused from bucket to bucket.
 */
export class OverlapCounter {
  #keys = new Float64Array(1024);
  #counts = new Uint16Array(0);
  #touched = new Uint32Array(0);
  #sizes = new Uint32Array(COUNTED_BUCKET);
  #member = new Uint16Array(1024);
  #shingle = new Uint32Array(1024);
  #starts = new Uint32Array(COUNTED_BUCKET);
  #limits = new Uint32Array(COUNTED_BUCKET);

  /**
   * Emits the pairs of `members` whose overlap can reach Jaccard t; with `reach`, only the pairs
   * in reach of each other are counted.
   */
  pairs(
    c: Corpus,
    members: Uint32Array,
    t: number,
    emit: (x: number, y: number) => void,
    reach?: Reach,
  ): void {
    const m = members.length;
    let n = 0;
    for (let k = 0; k < m; k++) n += c.shingleOffsets[members[k] + 1] - c.shingleOffsets[members[k]];
    if (this.#keys.length < n) this.#keys = new Float64Array(n * 2);
    if (this.#counts.length < m * m) {
      this.#counts = new Uint16Array(m * m);
      this.#touched = new Uint32Array((m * m) / 2 + 1);
    }
    const keys = this.#keys;
    const sizes = this.#sizes;
    const starts = this.#starts;
    const limits = this.#limits;
    for (let k = 0; k < m; k++) {
      // Without a reach every pair is in reach: no start is past the last position.
      starts[k] = reach ? reach.positions[k] : 0;
      limits[k] = reach ? reach.last[reach.positions[k]] : 0xffffffff;
    }
    let w = 0;
    for (let k = 0; k < m; k++) {
      const from = c.shingleOffsets[members[k]];
      const to = c.shingleOffsets[members[k] + 1];
      sizes[k] = to - from;
      for (let p = from; p < to; p++) keys[w++] = c.shingles[p] * COUNTED_BUCKET + k; // < 2^44: exact
    }
    const sorted = keys.subarray(0, n).sort();
    // Decode once: member index and shingle of each key (float division is not free).
    if (this.#member.length < n) {
      this.#member = new Uint16Array(n * 2);
      this.#shingle = new Uint32Array(n * 2);
    }
    const member = this.#member;
    const shingle = this.#shingle;
    for (let j = 0; j < n; j++) {
      const q = Math.floor(sorted[j] / COUNTED_BUCKET);
      shingle[j] = q;
      member[j] = sorted[j] - q * COUNTED_BUCKET;
    }
    const counts = this.#counts;
    const touched = this.#touched;
    let nTouched = 0;
    for (let s = 0; s < n; ) {
      let e = s + 1;
      while (e < n && shingle[e] === shingle[s]) e++;
      for (let a = s; a < e; a++) {
        const row = member[a] * m;
        const limit = limits[member[a]];
        // Members of a run are in member order, so in reach order: the first out of reach ends it.
        for (let b = a + 1; b < e; b++) {
          if (starts[member[b]] > limit) break;
          const cell = row + member[b];
          if (counts[cell]++ === 0) touched[nTouched++] = cell;
        }
      }
      s = e;
    }
    const need = t / (1 + t);
    for (let k = 0; k < nTouched; k++) {
      const cell = touched[k];
      const x = Math.floor(cell / m);
      const y = cell - x * m;
      if (counts[cell] >= need * (sizes[x] + sizes[y]) - 1e-9) emit(members[x], members[y]);
      counts[cell] = 0;
    }
  }
}
