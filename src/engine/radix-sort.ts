/**
 * Stable LSD radix sort of (key, value) pairs by 32-bit key: three passes of 11 bits. Grouping
 * band hashes this way is O(n) over typed arrays, with none of the per-key string or object
 * garbage of a Map of buckets.
 */

/**
 * Sorts values by keys (both length n), returning new arrays; equal keys keep their input order.
 * @example radixSortPairs(Uint32Array.of(3, 1, 3), Uint32Array.of(0, 1, 2)) // keys 1,3,3 values 1,0,2
 */
export function radixSortPairs(keys: Uint32Array, values: Uint32Array): { keys: Uint32Array; values: Uint32Array } {
  const n = keys.length;
  let k1 = keys.slice();
  let v1 = values.slice();
  let k2 = new Uint32Array(n);
  let v2 = new Uint32Array(n);
  const counts = new Uint32Array(2048);
  for (let shift = 0; shift < 33; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(k1[i] >>> shift) & 0x7ff]++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = k1[i];
      const pos = counts[(k >>> shift) & 0x7ff]++;
      k2[pos] = k;
      v2[pos] = v1[i];
    }
    [k1, k2] = [k2, k1];
    [v1, v2] = [v2, v1];
  }
  return { keys: k1, values: v1 };
}
