/**
 * Sorting the short runs of numbers that hot loops meet by the million (a headline's dozen
 * shingle hashes, an LSH bucket's few positions), where a native sort call costs more than the
 * sorting itself.
 */

/** Runs up to this long are insertion-sorted; longer ones go to the native sort. */
const INSERTION_MAX = 32;

/**
 * Sorts a[from .. to) ascending in place.
 * @example sortAscending(Uint32Array.of(9, 5, 3, 1), 1, 4) // 9, 1, 3, 5
 */
export function sortAscending(a: Uint32Array, from: number, to: number): void {
  if (to - from > INSERTION_MAX) {
    a.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= from && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
