/**
 * Exact Jaccard similarity of two sorted, unique arrays of shingle hashes: |A ∩ B| / |A ∪ B| by
 * one merge pass. Two empty sets have similarity 0 here, not 1: an empty text says nothing, so it
 * is never a duplicate of another.
 * @example jaccardSorted(Uint32Array.of(1, 2, 3), Uint32Array.of(2, 3, 4)) // 0.5
 */
export function jaccardSorted(
  a: Uint32Array,
  b: Uint32Array,
  aStart = 0,
  aEnd = a.length,
  bStart = 0,
  bEnd = b.length,
): number {
  const na = aEnd - aStart;
  const nb = bEnd - bStart;
  if (na === 0 || nb === 0) return 0;
  let i = aStart;
  let j = bStart;
  let inter = 0;
  while (i < aEnd && j < bEnd) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (na + nb - inter);
}
