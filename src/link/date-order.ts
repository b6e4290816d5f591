/**
 * The order in which LSH buckets are scanned when the date-gap veto is on: by the start of each
 * item's date span. Hot-search lists repeat a headline day after day, so a bucket is often the
 * same text on dates months apart, and on the 1M corpus 17 of 18 million candidate pairs were
 * vetoed by date one pair at a time. With a bucket's members in date order, the pairs of one
 * member that are within the window are a run after it, so a scan stops at the first member out
 * of reach instead of visiting every pair; and comparing positions in the order, not dates, keeps
 * the scan in the bucket's own memory.
 */
import { allocColumn } from '../prepare/growable.js';

/** Items in scan order, with where each one's reach ends. */
export interface ScanOrder {
  /** order[p]: the index into the items given of the item at position p. */
  order: Uint32Array;
  /** items[p]: the item at position p. */
  items: Uint32Array;
  /**
   * last[p]: the last position whose item starts at most `window` after the end of p's item
   * (p's reach). Items without a date reach everything: the date-gap veto never applies to them.
   */
  last: Uint32Array;
}

/**
 * Items ordered by `starts` ascending, items without a date (NaN) first and ties in the order
 * given (so the order is a pure function of its input), with each one's reach.
 * @example dateScanOrder(Uint32Array.of(0, 1, 2), Float64Array.of(5, NaN, 3), Float64Array.of(5, NaN, 3), 1).items // 1, 2, 0
 */
export function dateScanOrder(
  items: Uint32Array,
  starts: Float64Array,
  ends: Float64Array,
  window: number,
  shared = false,
): ScanOrder {
  const n = items.length;
  const column = () => allocColumn(Uint32Array, n, shared);
  // The distinct starts (few: dates are mostly whole days), ascending, undated as -Infinity.
  // Gathered in a Set and only those sorted, not all n starts: this runs serially between
  // preparing and linking, where every core but one is idle. Items come mostly in date order, so
  // a start equal to the one before is not looked up again.
  const keys = new Float64Array(n);
  const seen = new Set<number>();
  let previous = NaN;
  for (let k = 0; k < n; k++) {
    const d = starts[items[k]];
    const key = (keys[k] = Number.isNaN(d) ? -Infinity : d);
    if (key !== previous) seen.add((previous = key));
  }
  const distinct = Float64Array.from(seen).sort();
  const m = distinct.length;
  // Positions by rank, ties in the order given: a counting sort (stable, O(n + m)).
  const ranks = new Uint32Array(n);
  const firstOfRank = new Uint32Array(m + 1);
  for (let k = 0; k < n; k++) {
    ranks[k] = lastAtMost(distinct, m, keys[k]);
    firstOfRank[ranks[k] + 1]++;
  }
  for (let r = 0; r < m; r++) firstOfRank[r + 1] += firstOfRank[r];
  const order = column();
  const sorted = column();
  for (let k = 0; k < n; k++) {
    const p = firstOfRank[ranks[k]]++;
    order[p] = k;
    sorted[p] = items[k];
  }
  // Placing moved each rank's first position one past its last.
  const endOfRank = firstOfRank;
  const last = column();
  for (let p = 0; p < n; p++) {
    const limit = ends[sorted[p]] + window;
    // Every position up to the last one of the highest start ≤ limit starts within reach.
    last[p] = Number.isNaN(limit) ? n - 1 : endOfRank[lastAtMost(distinct, m, limit)] - 1;
  }
  return { order, items: sorted, last };
}

/** The index of the last of values[0 .. m) (ascending) that is ≤ v; 0 when none is. */
function lastAtMost(values: Float64Array, m: number, v: number): number {
  let lo = 0;
  let hi = m - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (values[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * What the band loop reads of the order its buckets are scanned in: each position's item and
 * reach side by side (a bucket visits positions at random, and one cache miss for both instead of
 * two made up a third of the band loop's time on the 1M corpus), each representative's position,
 * and the reaches alone for the overlap counter. The same for every link task, so built once (in
 * shared memory for link threads) rather than by each: 12 bytes per representative, 9 MB on the
 * 1M corpus, that each further thread no longer holds.
 */
export interface BandPositions {
  /** itemReach[2p]: the item at position p; itemReach[2p + 1]: the last position it can pair with. */
  itemReach: Uint32Array;
  /** posOf[k]: the position of representative k, with a date order (else positions are the representatives' order). */
  posOf?: Uint32Array;
  /** ScanOrder.last, with a date order (without one every position reaches the last). */
  last?: Uint32Array;
}

/**
 * The positions of a date order, or of the representatives in their own order (reaching the last).
 * @example bandPositions(Uint32Array.of(4, 9), undefined).itemReach // 4, 1, 9, 1
 */
export function bandPositions(reps: Uint32Array, scan: ScanOrder | undefined, shared = false): BandPositions {
  const n = reps.length;
  const itemReach = allocColumn(Uint32Array, 2 * n, shared);
  const items = scan?.items ?? reps;
  for (let p = 0; p < n; p++) {
    itemReach[2 * p] = items[p];
    itemReach[2 * p + 1] = scan ? scan.last[p] : n - 1;
  }
  if (scan === undefined) return { itemReach };
  const posOf = allocColumn(Uint32Array, n, shared);
  for (let p = 0; p < n; p++) posOf[scan.order[p]] = p;
  return { itemReach, posOf, last: scan.last };
}
