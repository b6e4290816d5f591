/**
 * One item as the rules see it: a window onto shared arrays (the corpus's, or a pair's own), so
 * that checking a candidate pair allocates nothing but this small object.
 */
export interface ItemView {
  /** Sorted unique shingle hashes: shingles[sFrom..sTo). */
  shingles: Uint32Array;
  sFrom: number;
  sTo: number;
  /** Token ids in text order: tokens[tFrom..tTo). */
  tokens: Uint32Array;
  tFrom: number;
  tTo: number;
  /** Epoch ms, NaN when unknown. */
  date: number;
  /** For a representative of identical copies on several dates: the last date (the first is `date`). */
  dateMax?: number;
  /**
   * The item's index in its corpus, for a view of a corpus item: the learned decision caches each
   * item's IDF masses by it (see features.ts). Absent for other text.
   */
  item?: number;
  /**
   * The learned decision's cache: the IDF mass of this item's shingles under `idfStats` at
   * `idfLnDocs` (set on first use, so a view met in many pairs is summed once; statistics that
   * have counted more items since have another lnDocs, and the mass is summed again).
   */
  idfMass?: number;
  idfStats?: object;
  idfLnDocs?: number;
}

/** Whether two items have the same words, token for token (after normalisation). */
export function sameWords(a: ItemView, b: ItemView): boolean {
  const n = a.tTo - a.tFrom;
  if (n !== b.tTo - b.tFrom) return false;
  for (let k = 0; k < n; k++) if (a.tokens[a.tFrom + k] !== b.tokens[b.tFrom + k]) return false;
  return true;
}
