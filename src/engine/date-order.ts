/**
 * The order in which LSH buckets are scanned when the date-gap veto is on: by the start of each
 * item's date span. Hot-search lists repeat a headline day after day, so a bucket is often the
 * same text on dates months apart, and on the 1M corpus 17 of 18 million candidate pairs were
 * vetoed by date one pair at a time. With a bucket's members in date order, the pairs of one
 * member that are within the window are a run after it, so a scan stops at the first member out
 * of reach instead of visiting every pair.
 */
import { radixSortPairs } from './radix-sort.js';

/**
 * For each position p of an order of items by span start (`starts` ascending, NaN first), the
 * last position whose item starts at most `window` after the end of p's item: p's reach.
 * Items without a date reach everything (the date-gap veto never applies to them).
 * @example reachEnds(Float64Array.of(0, 5, 20), Float64Array.of(0, 5, 20), 10) // 1, 2, 2
 */
export function reachEnds(starts: Float64Array, ends: Float64Array, window: number): Uint32Array {
  const n = starts.length;
  const last = new Uint32Array(n);
  for (let p = 0; p < n; p++) {
    const limit = ends[p] + window;
    if (Number.isNaN(limit)) {
      last[p] = n - 1;
      continue;
    }
    // The last q with starts[q] ≤ limit; q ≥ p since starts[p] ≤ ends[p] ≤ limit.
    let lo = p;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= limit) lo = mid;
      else hi = mid - 1;
    }
    last[p] = lo;
  }
  return last;
}

/**
 * Positions into `items` ordered by `starts[items[k]]` ascending, items without a date (NaN) first
 * and ties in position order (so the order is a pure function of its input).
 * @example dateOrder(Uint32Array.of(0, 1, 2), Float64Array.of(5, NaN, 3)) // 1, 2, 0
 */
export function dateOrder(items: Uint32Array, starts: Float64Array): Uint32Array {
  const n = items.length;
  // Rank each start among the distinct starts (few: dates are mostly whole days), then a stable
  // radix sort of positions by rank.
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const d = starts[items[k]];
    values[k] = Number.isNaN(d) ? -Infinity : d;
  }
  const sorted = values.slice().sort();
  let distinct = 0;
  for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k];
  const ranks = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    let lo = 0;
    let hi = distinct - 1;
    const v = values[k];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[k] = lo;
  }
  const positions = new Uint32Array(n);
  for (let k = 0; k < n; k++) positions[k] = k;
  return radixSortPairs(ranks, positions).values.slice();
}
