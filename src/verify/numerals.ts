/**
 * What counts as a number in a headline: a run of digits (one token), or Chinese numerals
 * (〇一二…十百千万亿两). Ordinal and part markers (第三集, 第二十次) go with them.
 */
import { isDigitToken } from '../text/tokenize.js';

const CHINESE_NUMERALS = new Set([...'〇零一二三四五六七八九十百千万亿两'].map((c) => c.codePointAt(0)!));
const ORDINAL_MARKERS = new Set([...'第次届期集季部篇场号章回轮卷版'].map((c) => c.codePointAt(0)!));

/** True for a digit-run token or a Chinese numeral character. */
export function isNumeralToken(id: number): boolean {
  return isDigitToken(id) || CHINESE_NUMERALS.has(id);
}

/** True for a numeral or a marker that makes a number an ordinal or a part (第, 集, 期 …). */
export function isNumberPartToken(id: number): boolean {
  return isNumeralToken(id) || ORDINAL_MARKERS.has(id);
}

/** The digit-run tokens of tokens[from..to), sorted (a multiset of the numbers written in digits). */
export function digitTokens(tokens: ArrayLike<number>, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) if (isDigitToken(tokens[k])) out.push(tokens[k]);
  return out.sort((x, y) => x - y);
}

/** True when sorted multiset a is contained in sorted multiset b. */
export function isSubMultiset(a: readonly number[], b: readonly number[]): boolean {
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] < x) j++;
    if (j >= b.length || b[j] !== x) return false;
    j++;
  }
  return true;
}
