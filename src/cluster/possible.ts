/**
 * The second tier: kept items that possibly repeat another kept item. The learned decision turns
 * a pair down below its removal cut-off (or a veto that keeps it for review stops it at any
 * probability), but from the possible-duplicate cut-off up the pair is worth a reader's look;
 * nothing is removed for it. A possible pair between representatives of
 * identical copies stands for the kept copy of each group; a pair whose side was removed (as a
 * verified duplicate of a third item) says nothing about the item kept in its place, and is
 * dropped. Each kept item points at most at one earlier kept item (in input order): the most
 * probable, ties to the earlier.
 */
import { PROBABILITY_SCALE } from '../link/band-loop.js';

export interface PossibleLinks {
  /** For each item, the input index of the kept item it possibly repeats, or −1. */
  possibleOf: Int32Array;
  /** For each item with a possibleOf, the pair's probability (else NaN). */
  probability: Float64Array;
  /** Items with a possibleOf. */
  count: number;
}

/**
 * Possible duplicates of kept items, from the link stage's possible pairs (see CorpusLinks).
 * @example possibleLinks(new Uint32Array([0, 1, 450000]), new Int32Array([0, 1]), new Int32Array([0, 1])).possibleOf // [-1, 0]
 */
export function possibleLinks(
  possible: Uint32Array,
  repOf: Int32Array,
  canonicalOf: Int32Array,
): PossibleLinks {
  const n = canonicalOf.length;
  const possibleOf = new Int32Array(n).fill(-1);
  const probability = new Float64Array(n).fill(Number.NaN);
  // The kept item a representative stands for: itself, or the kept copy of its group.
  const keptFor = (rep: number): number => {
    const k = canonicalOf[rep];
    return k === rep || repOf[k] === rep ? k : -1;
  };
  let count = 0;
  for (let e = 0; e < possible.length; e += 3) {
    const x = keptFor(possible[e]);
    const y = keptFor(possible[e + 1]);
    if (x < 0 || y < 0 || x === y) continue;
    const [first, later] = x < y ? [x, y] : [y, x];
    const p = possible[e + 2] / PROBABILITY_SCALE;
    const had = possibleOf[later];
    if (had === -1) count++;
    if (had === -1 || p > probability[later] || (p === probability[later] && first < had)) {
      possibleOf[later] = first;
      probability[later] = p;
    }
  }
  return { possibleOf, probability, count };
}

/**
 * For each kept item, the items whose possibleOf it is, in input order.
 * @example possibleByKept(Int32Array.from([-1, 0, 0])) // Map { 0 => [1, 2] }
 */
export function possibleByKept(possibleOf: Int32Array): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < possibleOf.length; i++) {
    const of = possibleOf[i];
    if (of < 0) continue;
    const list = out.get(of);
    if (list) list.push(i);
    else out.set(of, [i]);
  }
  return out;
}
