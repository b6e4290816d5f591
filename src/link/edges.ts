/**
 * The edge list of a link run: the edges of all tasks, sorted and each pair once, so that the
 * result is the same whatever the split of bands over threads and the timing.
 */
import { radixSortPositions } from './radix-sort.js';

/**
 * The edges of all tasks, sorted by (smaller, larger) and each pair once: a pair found by two
 * tasks, or twice by one whose cache was full, carries the same flag (a pure function of the
 * pair), so which copy stays does not matter.
 */
export function uniqueEdges(lists: readonly Uint32Array[]): Uint32Array {
  let total = 0;
  for (const l of lists) total += l.length / 3;
  const order = new Uint32Array(total);
  const all = new Uint32Array(total * 3);
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  // Two stable radix passes: by the larger item, then by the smaller.
  const larger = new Uint32Array(total);
  for (let k = 0; k < total; k++) larger[k] = all[3 * k + 1];
  const byLarger = radixSortPositions(larger).values;
  const smaller = new Uint32Array(total);
  for (let k = 0; k < total; k++) smaller[k] = all[3 * byLarger[k]];
  const bySmaller = radixSortPositions(smaller).values;
  for (let k = 0; k < total; k++) order[k] = byLarger[bySmaller[k]];
  const out = new Uint32Array(total * 3);
  let m = 0;
  for (let k = 0; k < total; k++) {
    const p = order[k];
    if (m > 0 && out[3 * m - 3] === all[3 * p] && out[3 * m - 2] === all[3 * p + 1]) continue;
    out[3 * m] = all[3 * p];
    out[3 * m + 1] = all[3 * p + 1];
    out[3 * m + 2] = all[3 * p + 2];
    m++;
  }
  return out.slice(0, 3 * m);
}

/**
 * Decided-pair records of all tasks (`words` numbers each, the two items first), sorted by
 * the two items and each pair once: a pair's record is a pure function of the pair, so which copy
 * stays does not matter.
 */
export function uniqueDecided(lists: readonly Float64Array[], words: number): Float64Array {
  const records: Float64Array[] = [];
  for (const l of lists) for (let k = 0; k < l.length; k += words) records.push(l.subarray(k, k + words));
  records.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const out: number[] = [];
  for (let k = 0; k < records.length; k++) {
    if (k > 0 && records[k][0] === records[k - 1][0] && records[k][1] === records[k - 1][1]) continue;
    out.push(...records[k]);
  }
  return Float64Array.from(out);
}
