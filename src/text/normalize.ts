/**
 * Text normalisation shared by every stage that reads text. `prepareText` is the one place that
 * decides what a headline looks like to the engine: NFKC (full-width → half-width, compatibility
 * forms), lower case, interrogative variants (如何 / 怎么), and optionally Traditional → Simplified.
 * Punctuation and spacing are left to the tokeniser, which drops them.
 */
import { foldInterrogatives } from './interrogatives.js';
import { foldScript as foldToSimplified } from './script-fold.js';

/**
 * The version of what normalisation makes of a text, for stored indexes: items shingled under one
 * version mean something else under another. 2: Traditional → Simplified folding leaves 么 alone
 * (version 1 made 什么 into 什幺). Raise it whenever the text an item is shingled from changes.
 */
export const TEXT_VERSION = 2;

/** Quotes and dashes that NFKC leaves alone but that writers use interchangeably. */
const QUOTES_DASHES =
  /[\u2018\u2019\u201a\u201b\u2032\u2035\u300c\u300d\u300e\u300f\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2010-\u2015\u2212\u30fc\ufe58\ufe63]/g;
const QUOTE_DASH_MAP: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u2035': "'",
  '\u300c': '"',
  '\u300d': '"',
  '\u300e': '"',
  '\u300f': '"',
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
};

/**
 * The engine's view of a text before tokenising: NFKC, lower case and one spelling of each
 * interrogative (如何 → 怎么). Cheap enough for the hot path (script folding happens per code point
 * inside the tokeniser).
 */
export function prepareText(text: string): string {
  const form = normalForm(text);
  if (form === NORMAL) return text;
  return foldInterrogatives(form === ASKS ? text : text.normalize('NFKC').toLowerCase());
}

/** `normalForm`'s answers: NFKC and lower case would change the text, or not (and it may ask). */
const CHANGES = 0;
const NORMAL = 1;
const ASKS = 2;

/**
 * Whether NFKC and lower-casing leave a text unchanged (`isNormalLowerCase`), and if so whether
 * it holds a character that starts an interrogative (如 怎 为 為): found in the same pass, so that
 * most headlines skip the four searches of `foldInterrogatives`.
 */
function normalForm(text: string): number {
  let asks = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x4e00) {
      if (c > 0x9fff) return CHANGES;
      if (c === 0x5982 || c === 0x600e || c === 0x4e3a || c === 0x70ba) asks = true;
    } else if (c < 0x20 || c > 0x7e || (c >= 0x41 && c <= 0x5a)) {
      return CHANGES;
    }
  }
  return asks ? ASKS : NORMAL;
}

/**
 * True when NFKC and lower-casing leave a text unchanged because every character is printable
 * ASCII other than A–Z, or a CJK Unified Ideograph (U+4E00–U+9FFF: none has a decomposition).
 * Most Chinese headlines are, and the check is cheaper than the two calls it saves (tested
 * against them).
 */
export function isNormalLowerCase(text: string): boolean {
  return normalForm(text) !== CHANGES;
}

/**
 * A readable normalised form for people (explain, reports): NFKC, lower case, unified quotes and
 * dashes, optional Traditional → Simplified folding, and collapsed whitespace.
 * @example normalizeForDisplay('ＴｉｋＴｏｋ「新潮流」', { foldScript: true }) // 'tiktok"新潮流"'
 */
export function normalizeForDisplay(text: string, options: { foldScript: boolean }): string {
  let s = prepareText(text).replace(QUOTES_DASHES, (c) => QUOTE_DASH_MAP[c] ?? '-');
  if (options.foldScript) s = foldToSimplified(s);
  return s.replace(/\s+/g, ' ').trim();
}
