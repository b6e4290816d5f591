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
 * Aligns a[0..n) with b[0..m) (headline-sized: O(n·m) time and memory).
 * `delete` spans have tokens only in a, `insert` only in b, `replace` in both.
 * @example alignTokens(Uint32Array.of(1, 2, 3), Uint32Array.of(1, 9, 3)) // equal, replace, equal
 */
export function alignTokens(a: ArrayLike<number>, b: ArrayLike<number>): Span[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], filled backwards so the walk goes forwards.
  const w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const spans: Span[] = [];
  const push = (kind: 'equal' | 'diff', aFrom: number, aTo: number, bFrom: number, bTo: number) => {
    const last = spans[spans.length - 1];
    const isEqual = kind === 'equal';
    if (last && (last.kind === 'equal') === isEqual) {
      last.aTo = aTo;
      last.bTo = bTo;
    } else spans.push({ kind: isEqual ? 'equal' : 'replace', aFrom, aTo, bFrom, bTo });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      push('equal', i, i + 1, j, j + 1);
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
      push('diff', i, i + 1, j, j);
      i++;
    } else {
      push('diff', i, i, j, j + 1);
      j++;
    }
  }
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    if (s.aFrom === s.aTo) s.kind = 'insert';
    else if (s.bFrom === s.bTo) s.kind = 'delete';
  }
  return spans;
}
