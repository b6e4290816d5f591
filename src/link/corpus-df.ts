/**
 * Document frequencies of a corpus's shingles and tokens, counted once after the corpus is built
 * (one pass over columns it already has), for the learned decision's corpus statistics: a frame
 * that thousands of this corpus's headlines share (`<column>：<slot>`, `YYYY年<school>招生简章`)
 * then counts for less when two of them share it. Counted only when the model decides.
 *
 * The pass can be split over threads by cells, not by items: part k of n scans every item but
 * writes only the sketch cells in its k-th range, so no two threads write one cell, and the
 * counts are the same for any split (each cell sees the same increments, in whatever order).
 * On a pool the parts run while the main thread groups identical items (see linkCorpus).
 */
import {
  cellA,
  cellB,
  SKETCH_SHINGLE_BITS,
  SKETCH_TOKEN_BITS,
  sketchCells,
  type DfSketch,
} from '../verify/corpus-stats.js';
import type { Corpus, SharedCorpus } from '../prepare/corpus.js';
import { TokenReader } from '../prepare/token-column.js';

const MAX_COUNT = 0xffff;

/** One part of the counting pass: plain data, for a worker thread (typed arrays shared). */
export interface CountTask {
  corpus: SharedCorpus;
  sketch: DfSketch;
  part: number;
  parts: number;
  /** Count tokens too: only where no table gives their rates (see SketchStats.tokenIdf). */
  tokens: boolean;
}

/** A sketch of zeros for a corpus, in shared memory when threads are to count into it. */
export function newSketch(c: SharedCorpus, shared: boolean): DfSketch {
  const cells = (bits: number) =>
    shared ? new Uint16Array(new SharedArrayBuffer(2 ** (bits + 1) * 2)) : new Uint16Array(2 ** (bits + 1));
  let docs = 0;
  const so = c.shingleOffsets;
  for (let i = 0; i < c.size; i++) if (so[i + 1] > so[i]) docs++;
  return { shingles: cells(SKETCH_SHINGLE_BITS), tokens: cells(SKETCH_TOKEN_BITS), docs };
}

/**
 * Counts every item with text once per distinct shingle (and token) into the cells of part
 * `part` of `parts` of a count-min sketch.
 * @example countPart({ corpus, sketch: newSketch(corpus, false), part: 0, parts: 1, tokens: true })
 */
export function countPart(task: CountTask): void {
  const { corpus: c, sketch, part, parts, tokens: withTokens } = task;
  const { shingles, tokens } = sketch;
  // This part's cells of each kind: [lo, hi) of the two rows laid end to end.
  const range = (cells: number) => [
    Math.floor((cells * part) / parts),
    Math.floor((cells * (part + 1)) / parts),
  ];
  const [sLo, sHi] = range(shingles.length);
  const [tLo, tHi] = range(tokens.length);
  const all = parts === 1;
  // The item that last counted each token cell: a token repeated in one headline counts once.
  const lastItem = new Int32Array(tokens.length).fill(-1);
  const reader = new TokenReader();
  const so = c.shingleOffsets;
  // Cells outside this part are skipped with one unsigned comparison: at − lo < hi − lo.
  const sSpan = all ? shingles.length : sHi - sLo;
  const tSpan = all ? tokens.length : tHi - tLo;
  const sFrom = all ? 0 : sLo;
  const tFrom = all ? 0 : tLo;
  const hashes = c.shingles;
  for (let i = 0; i < c.size; i++) {
    const end = so[i + 1];
    if (end === so[i]) continue;
    // An item's shingles are sorted and unique: each is one document.
    for (let k = so[i]; k < end; k++) {
      const pair = sketchCells(hashes[k], SKETCH_SHINGLE_BITS);
      const a = cellA(pair);
      const b = cellB(pair);
      if ((a - sFrom) >>> 0 < sSpan && shingles[a] < MAX_COUNT) shingles[a]++;
      if ((b - sFrom) >>> 0 < sSpan && shingles[b] < MAX_COUNT) shingles[b]++;
    }
    if (!withTokens) continue;
    const n = reader.read(c.tokens, c.tokenOffsets[i], c.tokenOffsets[i + 1]);
    const ts = reader.tokens;
    for (let k = 0; k < n; k++) {
      const pair = sketchCells(ts[k], SKETCH_TOKEN_BITS);
      const a = cellA(pair);
      if ((a - tFrom) >>> 0 < tSpan && lastItem[a] !== i) {
        lastItem[a] = i;
        if (tokens[a] < MAX_COUNT) tokens[a]++;
      }
      const b = cellB(pair);
      if ((b - tFrom) >>> 0 < tSpan && lastItem[b] !== i) {
        lastItem[b] = i;
        if (tokens[b] < MAX_COUNT) tokens[b]++;
      }
    }
  }
}

/**
 * The whole counting pass on this thread.
 * @example countDocumentFrequencies(corpus, false).docs // items with text
 */
export function countDocumentFrequencies(c: Corpus, shared: boolean, tokens = true): DfSketch {
  const { ids: _ids, ...corpus } = c;
  const sketch = newSketch(corpus, shared);
  countPart({ corpus, sketch, part: 0, parts: 1, tokens });
  return sketch;
}
