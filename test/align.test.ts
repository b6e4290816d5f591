/**
 * The token alignment against its oracle, the full n×m LCS table walked forwards (the code the
 * checkpointed walk replaced), on random inputs up to a few hundred tokens; and the bound past
 * ALIGN_MAX_TOKENS: a pair of 300,000-token texts aligns in bounded time and memory.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALIGN_MAX_TOKENS, alignTokens, type Span } from '../src/verify/align.js';

function tableAlign(a: ArrayLike<number>, b: ArrayLike<number>): Span[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const spans: Span[] = [];
  const push = (isEqual: boolean, aFrom: number, aTo: number, bFrom: number, bTo: number) => {
    const last = spans[spans.length - 1];
    if (last && (last.kind === 'equal') === isEqual) {
      last.aTo = aTo;
      last.bTo = bTo;
    } else spans.push({ kind: isEqual ? 'equal' : 'replace', aFrom, aTo, bFrom, bTo });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) push(true, i, ++i, j, ++j);
    else if (j >= m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) push(false, i, ++i, j, j);
    else push(false, i, i, j, ++j);
  }
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    if (s.aFrom === s.aTo) s.kind = 'insert';
    else if (s.bFrom === s.bTo) s.kind = 'delete';
  }
  return spans;
}

/** Two token lists from a small alphabet (so they share a lot), the second often an edit of the first. */
const pair = fc.oneof(
  fc.tuple(
    fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }),
    fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }),
  ),
  fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 300 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 8 }),
    )
    .map(([a, edits]) => {
      const b = a.slice();
      for (const [at, token, insert] of edits) b.splice(at % (b.length + 1), insert ? 0 : 1, token);
      return [a, b] as [number[], number[]];
    }),
);

describe('alignTokens', () => {
  it('gives the spans of the full-table walk on random inputs up to 300 tokens', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(alignTokens(Uint32Array.from(a), Uint32Array.from(b))).toEqual(tableAlign(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  // The kept table serves headlines; anything larger takes the checkpointed walk. Both must give
  // the oracle's spans: here every input past 16 cells takes the checkpointed one.
  it('the checkpointed walk (texts too large for the kept table) gives the same spans', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(alignTokens(Uint32Array.from(a), Uint32Array.from(b), 16)).toEqual(tableAlign(a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it('aligns the headline example', () => {
    expect(alignTokens(Uint32Array.of(1, 2, 3), Uint32Array.of(1, 9, 3)).map((s) => s.kind)).toEqual([
      'equal',
      'replace',
      'equal',
    ]);
  });

  it('bounds a pair far past ALIGN_MAX_TOKENS: shared ends matched, the middle one replaced span', () => {
    const n = 300_000;
    const a = new Uint32Array(n).map((_, i) => (i * 2654435761) >>> 20);
    const b = a.slice();
    b[1000] = 99_999_999; // two edits far apart: the middle is too long to align exactly
    b[n - 1000] = 99_999_998;
    const started = performance.now();
    const spans = alignTokens(a, b);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(spans).toEqual([
      { kind: 'equal', aFrom: 0, aTo: 1000, bFrom: 0, bTo: 1000 },
      { kind: 'replace', aFrom: 1000, aTo: n - 999, bFrom: 1000, bTo: n - 999 },
      { kind: 'equal', aFrom: n - 999, aTo: n, bFrom: n - 999, bTo: n },
    ]);
    // Past the limit, a middle that fits is aligned exactly.
    const c = a.slice();
    c[n - 10] = 99_999_997;
    expect(alignTokens(a, c).map((s) => s.kind)).toEqual(['equal', 'replace', 'equal']);
    expect(ALIGN_MAX_TOKENS).toBe(2048);
  });
});
