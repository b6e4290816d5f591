/**
 * Stable LSD radix sort of (key, value) pairs by key (32 bits, or fewer when the caller says so):
 * two passes of half the key bits (passes of 11 bits for small inputs, where a 65,536-entry count
 * table would cost more than it saves). Grouping
 * band hashes this way is O(n) over typed arrays, with none of the per-key string or object
 * garbage of a Map of buckets.
 */

/**
 * Sorts values by keys (both length n), returning new arrays; equal keys keep their input order.
 * @example radixSortPairs(Uint32Array.of(3, 1, 3), Uint32Array.of(0, 1, 2)) // keys 1,3,3 values 1,0,2
 */
export function radixSortPairs(
  keys: Uint32Array,
  values: Uint32Array,
  scratch?: RadixScratch,
  keyBits = 32,
): { keys: Uint32Array; values: Uint32Array } {
  const s = scratch ?? new RadixScratch(keys.length);
  s.v1.set(values);
  return sortInScratch(keys, s, keyBits);
}

/**
 * Positions 0 .. n-1 sorted by keys (stable): radixSortPairs with values k = k, without an array
 * of them.
 * @example radixSortPositions(Uint32Array.of(3, 1, 3)).values // 1, 0, 2
 */
export function radixSortPositions(keys: Uint32Array, scratch?: RadixScratch, keyBits = 32): { keys: Uint32Array; values: Uint32Array } {
  const s = scratch ?? new RadixScratch(keys.length);
  for (let k = 0; k < keys.length; k++) s.v1[k] = k;
  return sortInScratch(keys, s, keyBits);
}

/** Sorts keys (which may be s.k1 itself, filled by the caller), with the values already in s.v1, in s's buffers. */
function sortInScratch(keys: Uint32Array, s: RadixScratch, keyBits: number): { keys: Uint32Array; values: Uint32Array } {
  const n = keys.length;
  let k1 = s.k1;
  let v1 = s.v1;
  let k2 = s.k2;
  let v2 = s.v2;
  if (keys !== k1) k1.set(keys);
  const bits = n > 1 << 16 ? Math.ceil(keyBits / 2) : 11;
  const radix = 1 << bits;
  const mask = radix - 1;
  const counts = new Uint32Array(radix);
  for (let shift = 0; shift < keyBits; shift += bits) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(k1[i] >>> shift) & mask]++;
    let sum = 0;
    for (let b = 0; b < radix; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = k1[i];
      const pos = counts[(k >>> shift) & mask]++;
      k2[pos] = k;
      v2[pos] = v1[i];
    }
    [k1, k2] = [k2, k1];
    [v1, v2] = [v2, v1];
  }
  return { keys: k1, values: v1 };
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
