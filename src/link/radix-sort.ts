/**
 * Stable LSD radix sort of (key, value) pairs by key (32 bits, or fewer when the caller says so):
 * two passes of half the key bits (passes of 11 bits for small inputs, where a 65,536-entry count
 * table would cost more than it saves). Grouping band hashes this way is O(n) over typed arrays,
 * with none of the per-key string or object garbage of a Map of buckets.
 */

/**
 * Sorts values by keys (both length n), returning arrays in the scratch; equal keys keep their
 * input order.
 * @example radixSortPairs(Uint32Array.of(3, 1, 3), Uint32Array.of(0, 1, 2)) // keys 1,3,3 values 1,0,2
 */
export function radixSortPairs(
  keys: Uint32Array,
  values: Uint32Array,
  scratch?: RadixScratch,
  keyBits = 32,
): { keys: Uint32Array; values: Uint32Array } {
  const s = scratch ?? new RadixScratch(keys.length);
  return sortInScratch(keys, values, s, keyBits);
}

/**
 * Positions 0 .. n-1 sorted by keys (stable): radixSortPairs with values k = k, without an array
 * of them (the first pass writes the positions itself).
 * @example radixSortPositions(Uint32Array.of(3, 1, 3)).values // 1, 0, 2
 */
export function radixSortPositions(
  keys: Uint32Array,
  scratch?: RadixScratch,
  keyBits = 32,
): { keys: Uint32Array; values: Uint32Array } {
  const s = scratch ?? new RadixScratch(keys.length);
  return sortInScratch(keys, undefined, s, keyBits);
}

/**
 * Sorts the first `count` pairs that the caller wrote into s.k1 and s.v1 (stable); the result
 * is the first `count` entries of the arrays returned (scratch buffers).
 * @example s.k1.set([3, 1]); s.v1.set([0, 1]); radixSortScratch(2, s) // keys 1,3 values 1,0
 */
export function radixSortScratch(
  count: number,
  s: RadixScratch,
  keyBits = 32,
): { keys: Uint32Array; values: Uint32Array } {
  return sortInScratch(s.k1, s.v1, s, keyBits, count);
}

/**
 * Sorts keys[0 .. n) (keys may be s.k1 itself, filled by the caller) with their values (positions
 * when undefined) into s's buffers. One reading of the keys counts every digit, and the first pass
 * reads the caller's arrays directly, with no copy in: fewer passes over memory than counting
 * each digit in a pass of its own.
 */
function sortInScratch(
  keys: Uint32Array,
  values: Uint32Array | undefined,
  s: RadixScratch,
  keyBits: number,
  n = keys.length,
): { keys: Uint32Array; values: Uint32Array } {
  const bits = n > 1 << 16 ? Math.ceil(keyBits / 2) : 11;
  const passes = Math.max(1, Math.ceil(keyBits / bits));
  const radix = 1 << bits;
  const mask = radix - 1;
  const counts = countDigits(keys, n, passes, bits);
  // Ping-pong between the scratch buffers; the first pass writes into those the input is not in.
  let outK = keys === s.k2 ? s.k1 : s.k2;
  let outV = values === s.v2 ? s.v1 : s.v2;
  let inK = keys;
  let inV = values;
  for (let pass = 0, shift = 0; pass < passes; pass++, shift += bits) {
    const base = pass * radix;
    if (inV === undefined) {
      for (let i = 0; i < n; i++) {
        const k = inK[i];
        const at = counts[base + ((k >>> shift) & mask)]++;
        outK[at] = k;
        outV[at] = i;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const k = inK[i];
        const at = counts[base + ((k >>> shift) & mask)]++;
        outK[at] = k;
        outV[at] = inV[i];
      }
    }
    inK = outK;
    inV = outV;
    outK = outK === s.k1 ? s.k2 : s.k1;
    outV = outV === s.v1 ? s.v2 : s.v1;
  }
  return { keys: inK, values: inV! };
}

/**
 * Where each digit value of each pass starts: counts of every digit from one reading of the keys,
 * turned into running sums (pass p's table at p × 2^bits).
 */
function countDigits(keys: Uint32Array, n: number, passes: number, bits: number): Uint32Array {
  const radix = 1 << bits;
  const mask = radix - 1;
  const counts = new Uint32Array(radix * passes);
  // Two passes (every large input) unrolled: the loop over passes costs more than the counting.
  if (passes === 2) {
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      counts[k & mask]++;
      counts[radix + ((k >>> bits) & mask)]++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      for (let pass = 0, shift = 0; pass < passes; pass++, shift += bits)
        counts[pass * radix + ((k >>> shift) & mask)]++;
    }
  }
  for (let pass = 0; pass < passes; pass++) {
    let sum = 0;
    for (let d = pass * radix, end = d + radix; d < end; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
  }
  return counts;
}

/**
 * Buffers for sorting n pairs, to reuse across many sorts of the same size (one per LSH band):
 * the result of a sort lives in them until the next sort.
 */
export class RadixScratch {
  readonly k1: Uint32Array;
  readonly v1: Uint32Array;
  readonly k2: Uint32Array;
  readonly v2: Uint32Array;
  constructor(n: number) {
    this.k1 = new Uint32Array(n);
    this.v1 = new Uint32Array(n);
    this.k2 = new Uint32Array(n);
    this.v2 = new Uint32Array(n);
  }
}
