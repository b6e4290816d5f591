/**
 * Token alignment of two headlines by longest common subsequence, as a list of spans: what both
 * share, what one inserts, and what one replaces with something else. The rules read these spans
 * to tell an added outlet tag (insertion) from a substituted name (replacement).
 */

export type SpanKind = 'equal' | 'insert' | 'delete' | 'replace';

export interface Span {
  kind: SpanKind;
  /** Token range in a: [aFrom, aTo). */
  aFrom: number;
  aTo: number;
  /** Token range in b: [bFrom, bTo). */
  bFrom: number;
  bTo: number;
}

/**
 * The most tokens of each text aligned exactly (2,048: a headline has tens, a long article
 * title a few hundred). Past it, the shared prefix and suffix are matched and what lies between
 * is aligned exactly when both middles fit, else read as one replaced span, so one pair costs at
 * most ALIGN_MAX_TOKENS² steps (at most about 60 ms on this machine) and a few hundred kilobytes, whatever its length.
 */
export const ALIGN_MAX_TOKENS = 2048;

/** Spans of the exact LCS walk (below), offset by (ao, bo) and appended to `spans`. */
type Push = (equal: boolean, aFrom: number, aTo: number, bFrom: number, bTo: number) => void;

function spanList(): { spans: Span[]; push: Push } {
  const spans: Span[] = [];
  const push: Push = (equal, aFrom, aTo, bFrom, bTo) => {
    if (aFrom === aTo && bFrom === bTo) return;
    const last = spans[spans.length - 1];
    if (last && (last.kind === 'equal') === equal && last.aTo === aFrom && last.bTo === bFrom) {
      last.aTo = aTo;
      last.bTo = bTo;
    } else spans.push({ kind: equal ? 'equal' : 'replace', aFrom, aTo, bFrom, bTo });
  };
  return { spans, push };
}

/**
 * The walk of the full LCS table L[i][j] = LCS(a[i..], b[j..]): forwards from (0, 0), taking a
 * shared token, else dropping from a when L[i+1][j] ≥ L[i][j+1], else from b. The table is not
 * kept: every k-th row is (k ≈ √n), and the k rows a stretch of the walk needs are computed again
 * from the checkpoint below them, so memory is O(√n·m) and time at most twice n·m.
 */
function walk(
  a: ArrayLike<number>,
  aFrom: number,
  aTo: number,
  b: ArrayLike<number>,
  bFrom: number,
  bTo: number,
  push: Push,
): void {
  const n = aTo - aFrom;
  const m = bTo - bFrom;
  const w = m + 1;
  const k = Math.max(1, Math.ceil(Math.sqrt(n + 1)));
  // checkpoints[c] = row c·k (rows n+1.. do not exist; row n is all zeros).
  const checkpoints: Int32Array[] = [];
  // next row from the row below it: row(i) from row(i + 1).
  const fill = (i: number, below: Int32Array, out: Int32Array) => {
    const ai = a[aFrom + i];
    out[m] = 0;
    for (let j = m - 1; j >= 0; j--) {
      out[j] = ai === b[bFrom + j] ? below[j + 1] + 1 : Math.max(below[j], out[j + 1]);
    }
  };
  let row = new Int32Array(w);
  let spare = new Int32Array(w);
  for (let i = n - 1; i >= 0; i--) {
    fill(i, row, spare);
    [row, spare] = [spare, row];
    if (i % k === 0) checkpoints[i / k] = row.slice();
  }
  // The rows strictly between two checkpoints, recomputed from the checkpoint below them.
  const zeros = new Int32Array(w);
  const stretch: Int32Array[] = [];
  let stretchOf = -1;
  const rowAt = (i: number): Int32Array => {
    if (i === n) return zeros;
    if (i % k === 0) return checkpoints[i / k];
    const c = Math.floor(i / k);
    if (c !== stretchOf) {
      const top = c * k;
      const bottom = Math.min(top + k, n);
      let below = bottom === n ? zeros : checkpoints[c + 1];
      for (let r = bottom - 1; r > top; r--) {
        const out = stretch[r - top] ?? new Int32Array(w);
        fill(r, below, out);
        stretch[r - top] = out;
        below = out;
      }
      stretchOf = c;
    }
    return stretch[i - c * k];
  };
  walkForward(a, aFrom, n, b, bFrom, m, push, (i, j) => rowAt(i + 1)[j] >= rowAt(i)[j + 1]);
}

/**
 * The walk itself, forwards from (0, 0): a shared token is taken, else a token of a is dropped
 * where `dropA(i, j)` (L[i+1][j] ≥ L[i][j+1]) says so, else one of b.
 */
function walkForward(
  a: ArrayLike<number>,
  aFrom: number,
  n: number,
  b: ArrayLike<number>,
  bFrom: number,
  m: number,
  push: Push,
  dropA: (i: number, j: number) => boolean,
): void {
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[aFrom + i] === b[bFrom + j]) {
      push(true, aFrom + i, aFrom + i + 1, bFrom + j, bFrom + j + 1);
      i++;
      j++;
    } else if (j >= m || (i < n && dropA(i, j))) {
      push(false, aFrom + i, aFrom + i + 1, bFrom + j, bFrom + j);
      i++;
    } else {
      push(false, aFrom + i, aFrom + i, bFrom + j, bFrom + j + 1);
      j++;
    }
  }
}

/** Cells of the full LCS table kept for short texts (headlines): one buffer per thread. */
const TABLE_CELLS = 1 << 16;
let table: Int32Array | undefined;

/**
 * The same walk as `walk`, over the whole table at once: for headlines, which fit in a buffer
 * kept between calls, this allocates nothing and computes each row once.
 */
function walkTable(
  a: ArrayLike<number>,
  aFrom: number,
  aTo: number,
  b: ArrayLike<number>,
  bFrom: number,
  bTo: number,
  push: Push,
): void {
  const n = aTo - aFrom;
  const m = bTo - bFrom;
  const w = m + 1;
  table ??= new Int32Array(TABLE_CELLS);
  const L = table;
  // L[i·w + j] = LCS(a[i..], b[j..]); row n and column m are zeros.
  L.fill(0, n * w, n * w + w);
  for (let i = n - 1; i >= 0; i--) {
    const row = i * w;
    const below = row + w;
    const ai = a[aFrom + i];
    L[row + m] = 0;
    for (let j = m - 1; j >= 0; j--) {
      const down = L[below + j];
      const right = L[row + j + 1];
      L[row + j] = ai === b[bFrom + j] ? L[below + j + 1] + 1 : down > right ? down : right;
    }
  }
  walkForward(a, aFrom, n, b, bFrom, m, push, (i, j) => L[(i + 1) * w + j] >= L[i * w + j + 1]);
}

/** The exact walk: over the whole table when it fits the kept buffer, else checkpointed. */
function walkExact(
  a: ArrayLike<number>,
  aFrom: number,
  aTo: number,
  b: ArrayLike<number>,
  bFrom: number,
  bTo: number,
  push: Push,
  tableCells = TABLE_CELLS,
): void {
  if ((aTo - aFrom + 1) * (bTo - bFrom + 1) <= tableCells) walkTable(a, aFrom, aTo, b, bFrom, bTo, push);
  else walk(a, aFrom, aTo, b, bFrom, bTo, push);
}

/**
 * Aligns a[0..n) with b[0..m). Up to ALIGN_MAX_TOKENS tokens each, the alignment is exact (the
 * walk of the full LCS table, in O(√n·m) memory past `tableCells`); past it, see ALIGN_MAX_TOKENS.
 * `delete` spans have tokens only in a, `insert` only in b, `replace` in both.
 * @example alignTokens(Uint32Array.of(1, 2, 3), Uint32Array.of(1, 9, 3)) // equal, replace, equal
 */
export function alignTokens(a: ArrayLike<number>, b: ArrayLike<number>, tableCells = TABLE_CELLS): Span[] {
  const n = a.length;
  const m = b.length;
  const { spans, push } = spanList();
  // A shared prefix is what the walk takes first anyway (a shared token is always taken).
  let p = 0;
  while (p < n && p < m && a[p] === b[p]) p++;
  push(true, 0, p, 0, p);
  if (n <= ALIGN_MAX_TOKENS && m <= ALIGN_MAX_TOKENS) walkExact(a, p, n, b, p, m, push, tableCells);
  else {
    // Too long to align exactly: match the shared suffix too, then the middles if they fit.
    let s = 0;
    while (s < n - p && s < m - p && a[n - 1 - s] === b[m - 1 - s]) s++;
    if (n - p - s <= ALIGN_MAX_TOKENS && m - p - s <= ALIGN_MAX_TOKENS)
      walkExact(a, p, n - s, b, p, m - s, push, tableCells);
    else push(false, p, n - s, p, m - s);
    push(true, n - s, n, m - s, m);
  }
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    if (s.aFrom === s.aTo) s.kind = 'insert';
    else if (s.bFrom === s.bTo) s.kind = 'delete';
  }
  return spans;
}
