/**
 * Exact all-pairs similarity join by prefix filtering (Bayardo, Ma & Srikant 2007, "Scaling up
 * all pairs similarity search"): the slow, obvious-in-its-result oracle that LSH recall is
 * measured against. Tokens are ranked rarest first; two sets with Jaccard ≥ t must share a token
 * within the first |x| − ⌈t·|x|⌉ + 1 tokens of each, so only those prefixes are indexed and probed,
 * and every candidate is verified exactly. No pair with similarity ≥ t is missed.
 */
import { jaccardSorted } from '../sketch/jaccard.js';

export interface SetCollection {
  /** Set i is values[offsets[i] .. offsets[i+1]), sorted and unique. */
  offsets: Uint32Array;
  values: Uint32Array;
}

export interface SimilarPair {
  a: number;
  b: number;
  similarity: number;
}

/**
 * Every pair (a < b) of non-empty sets with Jaccard ≥ threshold.
 * @example allPairs({ offsets, values }, 0.5).length
 */
export function allPairs(sets: SetCollection, threshold: number): SimilarPair[] {
  const n = sets.offsets.length - 1;
  const freq = new Map<number, number>();
  for (let k = 0; k < sets.values.length; k++) freq.set(sets.values[k], (freq.get(sets.values[k]) ?? 0) + 1);
  // Rank tokens rarest first (ties by value, so the order is deterministic).
  const ranked = [...freq.keys()].sort((x, y) => freq.get(x)! - freq.get(y)! || x - y);
  const rank = new Map<number, number>();
  ranked.forEach((tok, r) => rank.set(tok, r));
  const ordered: Uint32Array[] = [];
  for (let i = 0; i < n; i++) {
    const s = sets.values.subarray(sets.offsets[i], sets.offsets[i + 1]);
    ordered.push(Uint32Array.from(s, (tok) => rank.get(tok)!).sort());
  }
  const bySize = Array.from({ length: n }, (_, i) => i).filter((i) => ordered[i].length > 0);
  bySize.sort((x, y) => ordered[x].length - ordered[y].length || x - y);
  const index = new Map<number, number[]>();
  const pairs: SimilarPair[] = [];
  const seen = new Int32Array(n).fill(-1);
  for (const x of bySize) {
    const set = ordered[x];
    const size = set.length;
    const prefix = size - Math.ceil(threshold * size - 1e-9) + 1;
    const minSize = threshold * size - 1e-9;
    for (let k = 0; k < prefix; k++) {
      const postings = index.get(set[k]);
      if (!postings) continue;
      for (const y of postings) {
        if (seen[y] === x || ordered[y].length < minSize) continue;
        seen[y] = x;
        const sim = jaccardSorted(set, ordered[y]);
        if (sim >= threshold)
          pairs.push(x < y ? { a: x, b: y, similarity: sim } : { a: y, b: x, similarity: sim });
      }
    }
    for (let k = 0; k < prefix; k++) {
      let postings = index.get(set[k]);
      if (!postings) index.set(set[k], (postings = []));
      postings.push(x);
    }
  }
  return pairs.sort((p, q) => p.a - q.a || p.b - q.b);
}
