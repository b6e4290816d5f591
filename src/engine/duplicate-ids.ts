/**
 * Ids that repeat: found after the run by sorting id hashes (no Set of a million strings), then
 * comparing the strings of equal hashes.
 */
import type { IdColumn } from './id-column.js';
import { radixSortPositions } from './radix-sort.js';

export interface RepeatedId {
  /** Position of the later record. */
  index: number;
  /** Position of the first record with the same id. */
  first: number;
  id: string;
}

/**
 * Every record whose id an earlier record already has, in input order.
 * @example findRepeatedIds(result.ids) // [{ index: 7, first: 2, id: 'a' }]
 */
export function findRepeatedIds(ids: IdColumn): RepeatedId[] {
  const n = ids.size;
  const keys = ids.hashes();
  const sorted = radixSortPositions(keys);
  const out: RepeatedId[] = [];
  for (let s = 0; s < n; ) {
    let e = s + 1;
    while (e < n && sorted.keys[e] === sorted.keys[s]) e++;
    if (e - s > 1) {
      const firstOf = new Map<string, number>();
      for (let k = s; k < e; k++) {
        const i = sorted.values[k]; // ascending within a run: the sort is stable
        const id = ids.get(i);
        const first = firstOf.get(id);
        if (first === undefined) firstOf.set(id, i);
        else out.push({ index: i, first, id });
      }
    }
    s = e;
  }
  return out.sort((a, b) => a.index - b.index);
}
