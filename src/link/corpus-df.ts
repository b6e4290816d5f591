/**
 * Document frequencies of a corpus's shingles and tokens, for the learned decision's corpus
 * statistics: a frame that thousands of this corpus's headlines share (`<column>：<slot>`,
 * `YYYY年<school>招生简章`) then counts for less when two of them share it. Counted only when
 * the model decides.
 *
 * On one thread `dedup` counts while it prepares (`countBatch`, each batch as it is appended to
 * the corpus). On a pool it does not: there the main thread appending batches is a third thread
 * on the cores the workers prepare on, and its counting slowed the whole stage by about as long
 * as the count took (0.57 s on the 1M corpus, 2 threads). Instead one link thread takes the
 * separate pass, `countPart`, over the built corpus while the main thread joins identical items
 * (about as long, 0.46 s), so both cores work in a stretch where one used to wait. One thread
 * writes the cells, so an increment is a plain one: counting on several threads into one shared
 * sketch needs an atomic compare-and-swap per increment, which in V8 cost about five times a
 * plain increment. `countPart` can be split over threads by cells, not by items: part k of n
 * scans every item but writes only the cells in its k-th range (the tests hold every split, and
 * the batch counts, to the one-part pass).
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
import type { PackedBatch } from '../prepare/packed-batch.js';
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

/** The cells that `countBatch` counts into: a sketch's, without its document count (known at build). */
export interface SketchCells {
  shingles: Uint16Array;
  tokens: Uint16Array;
  /** Count tokens too: only where no table gives their rates (see SketchStats.tokenIdf). */
  withTokens: boolean;
}

/** Zeroed cells for a sketch, in shared memory when worker threads count into them. */
export function newSketchCells(shared: boolean, withTokens: boolean): SketchCells {
  const cells = (bits: number) =>
    shared ? new Uint16Array(new SharedArrayBuffer(2 ** (bits + 1) * 2)) : new Uint16Array(2 ** (bits + 1));
  return { shingles: cells(SKETCH_SHINGLE_BITS), tokens: cells(SKETCH_TOKEN_BITS), withTokens };
}

/** Adds one to a cell, up to MAX_COUNT. */
function bump(cells: Uint16Array, at: number): void {
  if (cells[at] < MAX_COUNT) cells[at]++;
}

/**
 * Counts the items of a prepared batch into `cells`, as `countPart` counts a built corpus: each
 * item with text once per distinct shingle (its shingles are sorted and unique) and, with tokens,
 * once per distinct token.
 * @example countBatch(newSketchCells(false, false), runBatch(task, params).batch)
 */
export function countBatch(cells: SketchCells, batch: PackedBatch): void {
  const { shingles: s, tokens: t, withTokens } = cells;
  const { shingleOffsets: so, shingles, tokenEnds } = batch;
  // The item that last counted each token cell: a token repeated in one headline counts once.
  const lastItem = withTokens ? new Int32Array(t.length).fill(-1) : undefined;
  const reader = new TokenReader();
  for (let i = 0; i < batch.count; i++) {
    const end = so[i + 1];
    if (end === so[i]) continue;
    for (let k = so[i]; k < end; k++) {
      const pair = sketchCells(shingles[k], SKETCH_SHINGLE_BITS);
      bump(s, cellA(pair));
      bump(s, cellB(pair));
    }
    if (!lastItem) continue;
    const n = reader.read(batch.tokens, i === 0 ? 0 : tokenEnds[i - 1], tokenEnds[i]);
    const ts = reader.tokens;
    for (let k = 0; k < n; k++) {
      const pair = sketchCells(ts[k], SKETCH_TOKEN_BITS);
      const a = cellA(pair);
      if (lastItem[a] !== i) {
        lastItem[a] = i;
        bump(t, a);
      }
      const b = cellB(pair);
      if (lastItem[b] !== i) {
        lastItem[b] = i;
        bump(t, b);
      }
    }
  }
}

/**
 * The sketch of cells counted while preparing, with its document count: the items of the built
 * corpus that have text.
 */
export function sketchFromCells(
  c: Pick<SharedCorpus, 'size' | 'shingleOffsets'>,
  cells: SketchCells,
): DfSketch {
  let docs = 0;
  const so = c.shingleOffsets;
  for (let i = 0; i < c.size; i++) if (so[i + 1] > so[i]) docs++;
  return { shingles: cells.shingles, tokens: cells.tokens, docs };
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
