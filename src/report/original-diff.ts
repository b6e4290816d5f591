/**
 * Differences between two records shown on the text as written. The engine compares normalised
 * tokens (NFKC, lower case, Simplified characters, interrogatives folded, tags dropped); people
 * read the record. So the token alignment is computed as the engine computes it, and each
 * normalised token is mapped back to the characters of the original text it came from:
 *
 * 1. the original is tokenised character by character, each character normalised on its own,
 *    which keeps every token's [start, end) offsets in the original;
 * 2. those tokens are aligned with the engine's tokens (LCS); equal tokens take their offsets
 *    directly, and a run of engine tokens that a whole-text step rewrote (如何 → 怎么) takes the
 *    range of the original tokens between the same two anchors;
 * 3. the engine's alignment of the two texts is then replayed on those ranges, and what lies
 *    between tokens (spaces, punctuation, dropped tags) is shown as written.
 */
import { alignTokens, type Span } from '../verify/align.js';
import { CJK, DIGIT, LETTER, SEPARATOR, charClass } from '../text/char-class.js';
import { foldCodePoint } from '../text/script-fold.js';
import { tokenize } from '../text/tokenize.js';

/** One run of the variant as written: shared with the kept item, or what the kept item had (`delete`) or the variant has (`insert`) instead. */
export interface TextPiece {
  kind: 'equal' | 'delete' | 'insert';
  text: string;
}

interface RawToken {
  token: string;
  start: number;
  end: number;
}

/** Tokens of the original text, each character normalised on its own, with their offsets. */
function rawTokens(text: string, foldScript: boolean): RawToken[] {
  const out: RawToken[] = [];
  let word = '';
  let wordClass = SEPARATOR;
  let wordStart = 0;
  let wordEnd = 0;
  const flush = () => {
    if (word) out.push({ token: word, start: wordStart, end: wordEnd });
    word = '';
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    for (const ch of text
      .slice(i, i + width)
      .normalize('NFKC')
      .toLowerCase()) {
      const c = ch.codePointAt(0)!;
      const cls = charClass(c);
      if (word && cls !== wordClass) flush();
      if (cls === CJK)
        out.push({
          token: String.fromCodePoint(foldScript ? foldCodePoint(c) : c),
          start: i,
          end: i + width,
        });
      else if (cls === LETTER || cls === DIGIT) {
        if (!word) wordStart = i;
        word += ch;
        wordClass = cls;
        wordEnd = i + width;
      }
    }
    i += width;
  }
  flush();
  return out;
}

/**
 * For each engine token of `text`, its [start, end) in the original text: `ranges[2k]`, `ranges[2k + 1]`.
 * @example tokenRanges('Six Nations', ['six', 'nations'], true) // Int32Array [0, 3, 4, 11]
 */
export function tokenRanges(text: string, tokens: readonly string[], foldScript: boolean): Int32Array {
  const raw = rawTokens(text, foldScript);
  const ids = new Map<string, number>();
  const id = (t: string) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1);
  const spans = alignTokens(
    tokens.map(id),
    raw.map((r) => id(r.token)),
  );
  const ranges = new Int32Array(tokens.length * 2);
  for (const s of spans) {
    for (let k = s.aFrom; k < s.aTo; k++) {
      if (s.kind === 'equal') {
        const r = raw[s.bFrom + (k - s.aFrom)];
        ranges[2 * k] = r.start;
        ranges[2 * k + 1] = r.end;
      } else {
        // Rewritten by a whole-text step: the original tokens between the same anchors (or, when
        // there are none, an empty range where they would stand).
        const at = s.bFrom < raw.length ? raw[s.bFrom].start : text.length;
        ranges[2 * k] = s.bFrom < s.bTo ? raw[s.bFrom].start : at;
        ranges[2 * k + 1] = s.bFrom < s.bTo ? raw[s.bTo - 1].end : at;
      }
    }
  }
  return ranges;
}

/** The original characters that tokens [from, to) cover. */
function cover(ranges: Int32Array, from: number, to: number): [number, number] {
  let start = Number.POSITIVE_INFINITY;
  let end = -1;
  for (let k = from; k < to; k++) {
    start = Math.min(start, ranges[2 * k]);
    end = Math.max(end, ranges[2 * k + 1]);
  }
  return [start, end];
}

/**
 * The variant `b` as written, with the engine's differences from the kept item `a` marked on the
 * original characters of both.
 * @example originalDiff('Six Nations: Wales 10 England 12', 'Six Nations: Wales 10 France 12', { foldScript: true, stripTags: true })
 * // [{ kind: 'equal', text: 'Six Nations: Wales 10 ' }, { kind: 'delete', text: 'England' }, { kind: 'insert', text: 'France' }, { kind: 'equal', text: ' 12' }]
 */
export function originalDiff(
  a: string,
  b: string,
  options: { foldScript: boolean; stripTags: boolean },
): TextPiece[] {
  const ta = tokenize(a, options);
  const tb = tokenize(b, options);
  const ids = new Map<string, number>();
  const id = (t: string) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1);
  const spans: Span[] = alignTokens(ta.map(id), tb.map(id));
  const ra = tokenRanges(a, ta, options.foldScript);
  const rb = tokenRanges(b, tb, options.foldScript);
  const pieces: TextPiece[] = [];
  const push = (kind: TextPiece['kind'], text: string) => {
    if (!text) return;
    const last = pieces[pieces.length - 1];
    if (last && last.kind === kind) last.text += text;
    else pieces.push({ kind, text });
  };
  let cursor = 0;
  for (const s of spans) {
    const hasB = s.bFrom < s.bTo;
    const [bStart, bEnd] = hasB ? cover(rb, s.bFrom, s.bTo) : [cursor, cursor];
    const start = Math.max(cursor, bStart);
    const end = Math.max(start, bEnd);
    if (s.kind === 'equal') {
      push('equal', b.slice(cursor, end));
    } else {
      push('equal', b.slice(cursor, start));
      if (s.aFrom < s.aTo) {
        const [aStart, aEnd] = cover(ra, s.aFrom, s.aTo);
        push('delete', a.slice(aStart, aEnd));
      }
      push('insert', b.slice(start, end));
    }
    cursor = Math.max(cursor, end);
  }
  push('equal', b.slice(cursor));
  return pieces;
}
