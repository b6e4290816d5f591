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
}
