/**
 * Tokeniser for mixed-script headlines. Tokens are 32-bit ids written into a reusable buffer:
 * a CJK character's id is its code point (after optional script folding); a run of Latin letters
 * or a run of digits is one word whose id is a seeded 30-bit hash tagged in the top two bits
 * (10 letters, 11 digits), so a word never collides with a code point and a number is known as
 * one without its text. Letters and digits are split (`iphone13` → `iphone`, `13`) so that
 * `iPhone 13` and `iPhone13` tokenise alike.
 */
import { CJK, DIGIT, LETTER, SEPARATOR, charClass } from './char-class.js';
import { foldCodePoint } from './script-fold.js';
import { hashString } from '../sketch/hash.js';
import { prepareText } from './normalize.js';
import { markParts, stripTags } from './tags.js';

const WORD_SEED = 0x5eed0001;
const LETTER_TAG = 0x80000000;
const DIGIT_TAG = 0xc0000000;

/** True when a token id is a run of digits. */
export function isDigitToken(id: number): boolean {
  return id >>> 30 === 3;
}

/** True when a token id is a run of Latin (or other alphabetic) letters. */
export function isLetterToken(id: number): boolean {
  return id >>> 30 === 2;
}

/** The token id that the digits of `n` (a non-negative integer) get: 两度 can then be compared with 2次. */
export function digitTokenOf(n: number): number {
  const s = String(n);
  return wordId(s, 0, s.length, DIGIT);
}

function wordId(s: string, start: number, end: number, cls: number): number {
  return (
    ((hashString(s, start, end, WORD_SEED) & 0x3fffffff) | (cls === DIGIT ? DIGIT_TAG : LETTER_TAG)) >>> 0
  );
}

/** Writes the token ids of `text` (already through `prepareText`) into `out`; returns the count. */
export function tokenizePrepared(s: string, fold: boolean, out: Uint32Array): number {
  let count = 0;
  let wordStart = -1;
  let wordClass = SEPARATOR;
  const len = s.length;
  for (let i = 0; i < len; ) {
    let cp = s.charCodeAt(i);
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < len) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const cls = charClass(cp);
    if (wordStart >= 0 && cls !== wordClass) {
      if (count < out.length) out[count] = wordId(s, wordStart, i, wordClass);
      count++;
      wordStart = -1;
    }
    if (cls === CJK) {
      if (count < out.length) out[count] = fold ? foldCodePoint(cp) : cp;
      count++;
    } else if ((cls === LETTER || cls === DIGIT) && wordStart < 0) {
      wordStart = i;
      wordClass = cls;
    }
    i += width;
  }
  if (wordStart >= 0) {
    if (count < out.length) out[count] = wordId(s, wordStart, len, wordClass);
    count++;
  }
  return count;
}

/**
 * The tokens of a text as strings, for people and tests (the hot path uses `tokenizePrepared`).
 * @example tokenize('令人心动的offer5', { foldScript: true }) // ['令','人','心','动','的','offer','5']
 */
export function tokenize(text: string, options: { foldScript: boolean; stripTags?: boolean }): string[] {
  let s = markParts(prepareText(text));
  if (options.stripTags) s = stripTags(s);
  const tokens: string[] = [];
  let word = '';
  let wordClass = SEPARATOR;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const cls = charClass(cp);
    if (word && cls !== wordClass) {
      tokens.push(word);
      word = '';
    }
    if (cls === CJK) tokens.push(String.fromCodePoint(options.foldScript ? foldCodePoint(cp) : cp));
    else if (cls === LETTER || cls === DIGIT) {
      word += ch;
      wordClass = cls;
    }
  }
  if (word) tokens.push(word);
  return tokens;
}
