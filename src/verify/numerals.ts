/**
 * What counts as a number in a headline: a run of digits (one token), or Chinese numerals
 * (〇一二…十百千万亿两). Ordinal and part markers (第三集, 第二十次) go with them.
 */
import { digitTokenOf, isDigitToken } from '../text/tokenize.js';

const CHINESE_NUMERALS = new Set([...'〇零一二三四五六七八九十百千万亿两'].map((c) => c.codePointAt(0)!));
const ORDINAL_MARKERS = new Set([...'第次届期集季部篇场号章回轮卷版'].map((c) => c.codePointAt(0)!));
/**
 * Measure words that make a run of Chinese numerals a count (两度, 三个, 十四届): without one the
 * characters are often words (一加, 三星, 两会, 万一), so only counts are read as numbers.
 */
const CLASSIFIERS = new Set(
  [...'次度个名例位家条只天年月日岁倍件款场轮届期集季人架艘辆座所起批项'].map((c) => c.codePointAt(0)!),
);
const DIGIT_VALUES = new Map([...'〇一二三四五六七八九'].map((c, i) => [c.codePointAt(0)!, i]));
DIGIT_VALUES.set('零'.codePointAt(0)!, 0);
DIGIT_VALUES.set('两'.codePointAt(0)!, 2);
const ORDINAL_DI = '第'.codePointAt(0)!;
const UNITS = new Map([
  ['十'.codePointAt(0)!, 10],
  ['百'.codePointAt(0)!, 100],
  ['千'.codePointAt(0)!, 1000],
]);

/** True for a digit-run token or a Chinese numeral character. */
export function isNumeralToken(id: number): boolean {
  return isDigitToken(id) || CHINESE_NUMERALS.has(id);
}

/** True for a numeral or a marker that makes a number an ordinal or a part (第, 集, 期 …). */
export function isNumberPartToken(id: number): boolean {
  return isNumeralToken(id) || ORDINAL_MARKERS.has(id);
}

/**
 * The value of Chinese numerals tokens[from..to) below 10,000 (三十二 → 32, 两 → 2, 十四 → 14),
 * or -1 when they are not one number in that form.
 */
export function chineseNumberValue(tokens: ArrayLike<number>, from: number, to: number): number {
  let total = 0;
  let digit = -1;
  for (let k = from; k < to; k++) {
    const id = tokens[k];
    const unit = UNITS.get(id);
    if (unit !== undefined) {
      total += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
    } else {
      const d = DIGIT_VALUES.get(id);
      if (d === undefined || digit >= 0) return -1; // 万, 亿, or two digits in a row (一二)
      if (d === 0 && k + 1 < to) continue; // 零 holds an empty place: 一百零五
      digit = d;
    }
  }
  return total + Math.max(digit, 0);
}

/**
 * The numbers written in tokens[from..to), sorted, as digit-token ids: digit runs as they are,
 * and counts in Chinese numerals before a measure word (两度 → the id of 2).
 */
export function numberTokens(tokens: ArrayLike<number>, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) {
    const id = tokens[k];
    if (isDigitToken(id)) {
      out.push(id);
      continue;
    }
    if (!CHINESE_NUMERALS.has(id)) continue;
    let end = k + 1;
    while (end < to && CHINESE_NUMERALS.has(tokens[end])) end++;
    const ordinal = k > from && tokens[k - 1] === ORDINAL_DI;
    if (!ordinal && end < to && CLASSIFIERS.has(tokens[end])) {
      const value = chineseNumberValue(tokens, k, end);
      if (value >= 0) out.push(digitTokenOf(value));
    }
    k = end - 1;
  }
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
