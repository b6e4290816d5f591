/**
 * Document frequencies of a corpus's shingles and tokens, counted once after the corpus is built
 * (one pass over columns it already has), for the learned decision's corpus statistics: a frame
 * that thousands of this corpus's headlines share (`<column>：<slot>`, `YYYY年<school>招生简章`)
 * then counts for less when two of them share it. Counted only when the model decides.
 */
import { SKETCH_SHINGLE_BITS, SKETCH_TOKEN_BITS, sketchCell, type DfSketch } from '../verify/corpus-stats.js';
import type { Corpus } from './corpus.js';
import { TokenReader } from './token-column.js';

const MAX_COUNT = 0xffff;

/**
 * Counts every item with text once per distinct shingle and token into a count-min sketch.
 * @example countDocumentFrequencies(corpus, false).docs // items with text
 */
export function countDocumentFrequencies(c: Corpus, shared: boolean): DfSketch {
  const cells = (bits: number) =>
    shared ? new Uint16Array(new SharedArrayBuffer(2 ** (bits + 1) * 2)) : new Uint16Array(2 ** (bits + 1));
  const shingles = cells(SKETCH_SHINGLE_BITS);
  const tokens = cells(SKETCH_TOKEN_BITS);
  // The item that last counted each token cell: a token repeated in one headline counts once.
  const lastItem = new Int32Array(tokens.length).fill(-1);
  const reader = new TokenReader();
  const so = c.shingleOffsets;
  let docs = 0;
  for (let i = 0; i < c.size; i++) {
    if (so[i + 1] === so[i]) continue;
    docs++;
    // An item's shingles are sorted and unique: each is one document.
    for (let k = so[i]; k < so[i + 1]; k++) {
      const h = c.shingles[k];
      const a = sketchCell(h, 0, SKETCH_SHINGLE_BITS);
      const b = sketchCell(h, 1, SKETCH_SHINGLE_BITS);
      if (shingles[a] < MAX_COUNT) shingles[a]++;
      if (shingles[b] < MAX_COUNT) shingles[b]++;
    }
    const n = reader.read(c.tokens, c.tokenOffsets[i], c.tokenOffsets[i + 1]);
    for (let k = 0; k < n; k++) {
      const t = reader.tokens[k];
      const a = sketchCell(t, 0, SKETCH_TOKEN_BITS);
      if (lastItem[a] !== i) {
        lastItem[a] = i;
        if (tokens[a] < MAX_COUNT) tokens[a]++;
      }
      const b = sketchCell(t, 1, SKETCH_TOKEN_BITS);
      if (lastItem[b] !== i) {
        lastItem[b] = i;
        if (tokens[b] < MAX_COUNT) tokens[b]++;
      }
    }
  }
  return { shingles, tokens, docs };
}
