/**
 * Ids that repeat: found after the run by id hashes (no Set of a million strings): the records
 * whose hash shares its low 24 bits with another's (see repeated-keys.ts; few, as ids are meant to
 * be unique) are sorted by hash, and the strings of equal hashes compared.
 */
import type { IdColumn } from '../prepare/id-column.js';
import { radixSortPairs } from '../link/radix-sort.js';
import { RepeatedKeys } from '../link/repeated-keys.js';

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
  const keys = ids.hashes();
  const maybe = new Uint32Array(keys.length);
  const positions = new Uint32Array(keys.length);
  const n = new RepeatedKeys(24).collect(keys, keys.length, undefined, maybe, positions);
  const sorted = radixSortPairs(maybe.subarray(0, n), positions.subarray(0, n));
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
