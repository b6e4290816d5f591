/**
 * The span rules: predicates over two headlines and their token alignment that say what the
 * differing spans are (a changed number, a swapped entity, an added negation, a stage word, a
 * bare topic extended). The rule-based decision vetoes on them (`decide.ts`); the learned
 * decision reads them as features (`features.ts`).
 */
import { isDigitToken } from '../text/tokenize.js';
import { alignTokens, type Span } from './align.js';
import { replacesEntity } from './entities.js';
import type { ItemView } from './item-view.js';
import { isNumberPartToken, numberTokens, isNumeralToken, isSubMultiset } from './numerals.js';
import { every, some, spanText } from './span-text.js';

export const NEGATION = new Set([...'不没未无非别勿否将拟'].map((c) => c.codePointAt(0)!));
/** Words that mark a stage of a story or a reaction to it: the next step is another item. */
export const STAGE_WORDS = [
  '回应',
  '道歉',
  '致歉',
  '辟谣',
  '澄清',
  '否认',
  '开幕',
  '闭幕',
  '举行',
  '启动',
  '收官',
  '定档',
  '预告',
  '首播',
  '大结局',
  '一审',
  '二审',
  '终审',
  '宣判',
  '落幕',
  '结束',
  '延期',
  '取消',
  '暂停',
];
/** A headline of at most this many tokens is a bare topic for the extension rule. */
const EXTENSION_MAX_TOKENS = 6;

function isNumber(v: ItemView, from: number, to: number): boolean {
  return every(v, from, to, isNumberPartToken) && some(v, from, to, isNumeralToken);
}

/**
 * An inserted run of Chinese numerals is a number only with a digit or an ordinal marker, or
 * beside other number parts: 第三十[二]次 is, 大学生[千万]别考 (by all means) is not.
 */
function isAddedNumber(v: ItemView, from: number, to: number): boolean {
  if (!isNumber(v, from, to)) return false;
  if (some(v, from, to, (t) => isDigitToken(t) || (isNumberPartToken(t) && !isNumeralToken(t)))) return true;
  const before = from > 0 && isNumberPartToken(v.tokens[v.tFrom + from - 1]);
  const after = v.tFrom + to < v.tTo && isNumberPartToken(v.tokens[v.tFrom + to]);
  return before || after;
}

/** A replaced span is a number on both sides: 第三十次 / 第三十二次. */
export function replacesNumber(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  for (const s of spans)
    if (s.kind === 'replace' && isNumber(a, s.aFrom, s.aTo) && isNumber(b, s.bFrom, s.bTo)) return true;
  return false;
}

/** One side inserts a number the other lacks: 播出 / 播出第三集 (and a range against its start). */
export function addsNumber(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  for (const s of spans) {
    if (s.kind === 'insert' && isAddedNumber(b, s.bFrom, s.bTo)) return true;
    if (s.kind === 'delete' && isAddedNumber(a, s.aFrom, s.aTo)) return true;
  }
  return false;
}

/**
 * One side inserts Chinese numerals inside a number the other has: 第三十[二]次 is another number,
 * not an added one (a digit run is one token, so digits cannot be altered this way; a range
 * 1[-3]月 against its start stays an added number).
 */
export function altersNumber(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const inside = (v: ItemView, from: number, to: number) =>
    every(v, from, to, (t) => !isDigitToken(t) && isNumeralToken(t)) &&
    ((from > 0 &&
      isNumeralToken(v.tokens[v.tFrom + from - 1]) &&
      !isDigitToken(v.tokens[v.tFrom + from - 1])) ||
      (v.tFrom + to < v.tTo &&
        isNumeralToken(v.tokens[v.tFrom + to]) &&
        !isDigitToken(v.tokens[v.tFrom + to])));
  for (const s of spans) {
    if (s.kind === 'insert' && inside(b, s.bFrom, s.bTo)) return true;
    if (s.kind === 'delete' && inside(a, s.aFrom, s.aTo)) return true;
  }
  return false;
}

export function changesNumber(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  return replacesNumber(a, b, spans) || addsNumber(a, b, spans);
}

export function digitsDisagree(a: ItemView, b: ItemView): boolean {
  const da = numberTokens(a.tokens, a.tFrom, a.tTo);
  const db = numberTokens(b.tokens, b.tFrom, b.tTo);
  return da.length > 0 && db.length > 0 && !isSubMultiset(da, db) && !isSubMultiset(db, da);
}

export function substitutesEntity(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const aLen = a.tTo - a.tFrom;
  const bLen = b.tTo - b.tFrom;
  for (const s of spans) {
    const tail = s.aTo === aLen && s.bTo === bLen;
    if (s.kind === 'replace' && !tail && replacesEntity(a, s.aFrom, s.aTo, b, s.bFrom, s.bTo)) return true;
  }
  return false;
}

/**
 * Words that make a statement a question about it: 美国退出伊核协议 / 美国为什么退出伊核协议. Also
 * as script folding spells them (opencc folds 么 to 幺), written out rather than folded here so that
 * link workers need not load the folding tables (a test checks the two agree).
 */
export const QUESTION_WORDS = ['为什么', '怎么', '是否', '能否', '为什幺', '怎幺'];

/**
 * One marker, or a marker and the word it governs (没播), inserted on one side only; or a
 * question word inserted before the end (one tacked on at the end, …存钱，为什么？, asks about the
 * same story).
 */
export function insertsNegation(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const bLen = b.tTo - b.tFrom;
  const aLen = a.tTo - a.tFrom;
  for (const s of spans) {
    if (s.kind === 'insert' && s.bTo - s.bFrom <= 2 && NEGATION.has(b.tokens[b.tFrom + s.bFrom])) return true;
    if (s.kind === 'delete' && s.aTo - s.aFrom <= 2 && NEGATION.has(a.tokens[a.tFrom + s.aFrom])) return true;
    if (s.kind === 'insert' && s.bTo < bLen && QUESTION_WORDS.includes(spanText(b, s.bFrom, s.bTo)))
      return true;
    if (s.kind === 'delete' && s.aTo < aLen && QUESTION_WORDS.includes(spanText(a, s.aFrom, s.aTo)))
      return true;
  }
  return false;
}

/** Each stage word's code points: tokens are code points, so a word is a run of tokens. */
const STAGE_CODES = STAGE_WORDS.map((w) => Array.from(w, (c) => c.codePointAt(0)!));
/** The stage words that start with each BMP character, as a bit set (0: none). */
const STAGE_STARTS = new Uint32Array(0x10000);
STAGE_CODES.forEach((codes, k) => {
  STAGE_STARTS[codes[0]] |= 1 << k;
});

/**
 * The stage words within tokens [from, to) of a view (clamped to it), as a bit set over
 * STAGE_WORDS: what `spanText(v, from, to).includes(word)` says of each word, without building
 * the text (a Latin or digit word reads as a space there, and no stage word has one).
 */
export function stageWordsIn(v: ItemView, from: number, to: number): number {
  const t = v.tokens;
  const lo = v.tFrom + Math.max(0, from);
  const hi = v.tFrom + Math.min(to, v.tTo - v.tFrom);
  let bits = 0;
  for (let p = lo; p < hi; p++) {
    const id = t[p];
    let starts = id < 0x10000 ? STAGE_STARTS[id] : 0;
    while (starts !== 0) {
      const k = 31 - Math.clz32(starts);
      starts &= ~(1 << k);
      const codes = STAGE_CODES[k];
      if (p + codes.length > hi) continue;
      let q = 1;
      while (q < codes.length && t[p + q] === codes[q]) q++;
      if (q === codes.length) bits |= 1 << k;
    }
  }
  return bits;
}

export function changesStage(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    // One token of context on each side: a stage word may straddle the span's edge (申通[回]应).
    if (stageWordsIn(a, s.aFrom - 1, s.aTo + 1) !== stageWordsIn(b, s.bFrom - 1, s.bTo + 1)) return true;
  }
  return false;
}

export function extendsTopic(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const edits = spans.filter((s) => s.kind !== 'equal');
  if (edits.length !== 1 || spans[0].kind !== 'equal') return false;
  const [s] = edits;
  if (s.kind === 'insert') return a.tTo - a.tFrom <= EXTENSION_MAX_TOKENS && s.bTo - s.bFrom >= 2;
  if (s.kind === 'delete') return b.tTo - b.tFrom <= EXTENSION_MAX_TOKENS && s.aTo - s.aFrom >= 2;
  return false;
}

export const align = (a: ItemView, b: ItemView): Span[] =>
  alignTokens(a.tokens.subarray(a.tFrom, a.tTo), b.tokens.subarray(b.tFrom, b.tTo));
export const onlyEdits = (spans: readonly Span[]): boolean => spans.every((s) => s.kind !== 'replace');
