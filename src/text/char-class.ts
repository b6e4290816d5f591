/**
 * Character classes for tokenising mixed CJK / Latin / digit text in one pass.
 * A CJK character is a token on its own; a run of letters or of digits is one word token;
 * everything else (punctuation, spaces, symbols, emoji) separates tokens and is dropped.
 */

export const SEPARATOR = 0;
export const LETTER = 1;
export const DIGIT = 2;
export const CJK = 3;

const LETTER_RE = /\p{L}|\p{M}/u;
const DIGIT_RE = /\p{Nd}/u;

/** Han ideographs (with extensions and compatibility forms), kana and Hangul syllables. */
function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x3ffff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0x31f0 && cp <= 0x31ff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    cp === 0x3007 // 〇, the ideographic zero used in dates such as 二〇二一
  );
}

function classify(cp: number): number {
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return LETTER;
    if (cp >= 0x30 && cp <= 0x39) return DIGIT;
    return SEPARATOR;
  }
  if (isCjk(cp)) return CJK;
  const ch = String.fromCodePoint(cp);
  if (DIGIT_RE.test(ch)) return DIGIT;
  if (LETTER_RE.test(ch)) return LETTER;
  return SEPARATOR;
}

// Classes of the Basic Multilingual Plane, filled on first use: 0xff means "not yet known".
const bmpCache = new Uint8Array(0x10000).fill(0xff);

/** The class of one code point: SEPARATOR, LETTER, DIGIT or CJK. */
export function charClass(cp: number): number {
  if (cp < 0x10000) {
    let c = bmpCache[cp];
    if (c === 0xff) bmpCache[cp] = c = classify(cp);
    return c;
  }
  return classify(cp);
}
