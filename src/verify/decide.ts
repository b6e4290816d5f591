/**
 * The headline-aware decision: is b a near-duplicate of a? Shingle Jaccard says how much text the
 * two share; the rules then veto matches whose few differing tokens carry the meaning. Each rule
 * can be switched off, and each decision names the rule that made it (`neardup explain`).
 * In order:
 *
 * - date-gap: both dated further apart than the window → separate instances of a recurring
 *   headline (全球日增确诊超47万 on 03-11 and on 04-06); for a daily report the window is one day
 *   (河北新增14例本土确诊 on 01-05 and on 01-09; see `daily-report.ts`).
 * - numbers: the digits of one are not a sub-multiset of the other's (新增18例 / 新增118例), or a
 *   replaced or inserted span is a number (第三十次 / 第三十二次, 模块一 / 模块二, 播出 / 播出第三集,
 *   展望(上) / 展望(下)).
 * - substitution: a replaced span, anywhere but the tail, names a place, organisation, company or
 *   person on both sides (上海 / 湖北 师范大学, 京东 / 小米 将于…发布财报). A replaced tail is a
 *   rephrasing (…传统美食魅力不减 / …传统美食的新潮流之旅) and passes.
 * - negation: one side inserts a negation or modality marker (直播 / 直播没播, 出席 / 将出席).
 * - stage: a differing span names a stage of the story or a reaction on one side only
 *   (举行 / 闭幕, 回应, 预告, 大结局).
 * - extension: a bare topic of at most six tokens that the other headline extends after its
 *   first word (星光大赏 / 星光大赏 单独宣, CBA季后赛对阵 / CBA季后赛8进4对阵): the longer one is a
 *   narrower story. A qualifier put in front (青铜神树 / 三星堆明星文物青铜神树) is not.
 *
 * - edits (a leniency, not a veto): below the threshold but from EDIT_FACTOR × threshold, a pair
 *   passes when one is the other with words added or dropped and no replaced span (台湾新增472例
 *   本土病例 累计破万例 / 台湾新增472例本土确诊病例); the vetoes above still apply.
 *
 * Rule `tags` acts earlier, in shingling (see `text/tags.ts`).
 */
import { DAY_MS } from '../engine/dates.js';
import { jaccardSorted } from '../jaccard.js';
import { isDigitToken } from '../text/tokenize.js';
import { alignTokens, type Span } from './align.js';
import { DAILY_WINDOW_DAYS, pairWindowDays } from './daily-report.js';
import { replacesEntity } from './entities.js';
import type { ItemView } from './item-view.js';
import { isNumberPartToken, numberTokens, isNumeralToken, isSubMultiset } from './numerals.js';
import { every, some, spanText } from './span-text.js';

export interface RuleOptions {
  threshold: number;
  /** Pairs where one text is the other with words added or dropped pass from EDIT_FACTOR × threshold. */
  edits: boolean;
  /** Items dated further apart than this many days are never duplicates; 0 turns it off. */
  dateWindowDays: number;
  numbers: boolean;
  substitution: boolean;
  negation: boolean;
  stage: boolean;
  extension: boolean;
}

export type DecisionRule =
  | 'empty'
  | 'below-threshold'
  | 'date-gap'
  | 'numbers'
  | 'substitution'
  | 'negation'
  | 'stage'
  | 'extension'
  | 'edits'
  | 'similar';

export interface Decision {
  /** Exact Jaccard similarity of the shingle sets. */
  similarity: number;
  duplicate: boolean;
  /** The rule that decided. */
  rule: DecisionRule;
}

const NEGATION = new Set([...'不没未无非别勿否将拟'].map((c) => c.codePointAt(0)!));
/** Words that mark a stage of a story or a reaction to it: the next step is another item. */
const STAGE_WORDS = ['回应', '道歉', '致歉', '辟谣', '澄清', '否认', '开幕', '闭幕', '举行', '启动', '收官', '定档', '预告', '首播', '大结局', '一审', '二审', '终审', '宣判', '落幕', '结束', '延期', '取消', '暂停'];
/**
 * With the edits rule, a pair whose alignment has no replaced span — one headline is the other
 * with words added or dropped: a truncation, a tag, a tacked-on clause — is a duplicate from this
 * fraction of the threshold up (0.4 at the default 0.5). The guide counts those as the same item,
 * and shingle overlap undercounts them: each edit breaks the bigrams at its two edges.
 */
export const EDIT_FACTOR = 0.8;

/** The lowest similarity at which a pair can be a duplicate under these rules (for prefilters). */
export function lowestDuplicateSimilarity(o: RuleOptions): number {
  return o.edits ? o.threshold * EDIT_FACTOR : o.threshold;
}

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

function changesNumber(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  for (const s of spans) {
    if (s.kind === 'replace' && isNumber(a, s.aFrom, s.aTo) && isNumber(b, s.bFrom, s.bTo)) return true;
    if (s.kind === 'insert' && isAddedNumber(b, s.bFrom, s.bTo)) return true;
    if (s.kind === 'delete' && isAddedNumber(a, s.aFrom, s.aTo)) return true;
  }
  return false;
}

function digitsDisagree(a: ItemView, b: ItemView): boolean {
  const da = numberTokens(a.tokens, a.tFrom, a.tTo);
  const db = numberTokens(b.tokens, b.tFrom, b.tTo);
  return da.length > 0 && db.length > 0 && !isSubMultiset(da, db) && !isSubMultiset(db, da);
}

function substitutesEntity(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
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
function insertsNegation(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const bLen = b.tTo - b.tFrom;
  const aLen = a.tTo - a.tFrom;
  for (const s of spans) {
    if (s.kind === 'insert' && s.bTo - s.bFrom <= 2 && NEGATION.has(b.tokens[b.tFrom + s.bFrom])) return true;
    if (s.kind === 'delete' && s.aTo - s.aFrom <= 2 && NEGATION.has(a.tokens[a.tFrom + s.aFrom])) return true;
    if (s.kind === 'insert' && s.bTo < bLen && QUESTION_WORDS.includes(spanText(b, s.bFrom, s.bTo))) return true;
    if (s.kind === 'delete' && s.aTo < aLen && QUESTION_WORDS.includes(spanText(a, s.aFrom, s.aTo))) return true;
  }
  return false;
}

function changesStage(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    // One token of context on each side: a stage word may straddle the span's edge (申通[回]应).
    const ta = spanText(a, s.aFrom - 1, s.aTo + 1);
    const tb = spanText(b, s.bFrom - 1, s.bTo + 1);
    if (STAGE_WORDS.some((w) => ta.includes(w) !== tb.includes(w))) return true;
  }
  return false;
}

function extendsTopic(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const edits = spans.filter((s) => s.kind !== 'equal');
  if (edits.length !== 1 || spans[0].kind !== 'equal') return false;
  const [s] = edits;
  if (s.kind === 'insert') return a.tTo - a.tFrom <= EXTENSION_MAX_TOKENS && s.bTo - s.bFrom >= 2;
  if (s.kind === 'delete') return b.tTo - b.tFrom <= EXTENSION_MAX_TOKENS && s.aTo - s.aFrom >= 2;
  return false;
}

/** The first span rule that vetoes (a, b) under one alignment, if any. */
function spanVeto(a: ItemView, b: ItemView, spans: readonly Span[], o: RuleOptions): DecisionRule | undefined {
  if (o.numbers && changesNumber(a, b, spans)) return 'numbers';
  if (o.substitution && substitutesEntity(a, b, spans)) return 'substitution';
  if (o.negation && insertsNegation(a, b, spans)) return 'negation';
  if (o.stage && changesStage(a, b, spans)) return 'stage';
  if (o.extension && extendsTopic(a, b, spans)) return 'extension';
  return undefined;
}

const align = (a: ItemView, b: ItemView): Span[] => alignTokens(a.tokens.subarray(a.tFrom, a.tTo), b.tokens.subarray(b.tFrom, b.tTo));
const onlyEdits = (spans: readonly Span[]): boolean => spans.every((s) => s.kind !== 'replace');

/**
 * Decides whether two items are near-duplicates under the threshold and rules; symmetric in a
 * and b. A caller that has just computed their Jaccard similarity may pass it in.
 * @example decide(view('上海师范大学2019年硕士研究生招生简章'), view('湖北师范大学2019年硕士研究生招生简章'), rules)
 * // { similarity: 0.78, duplicate: false, rule: 'substitution' }
 */
export function decide(a: ItemView, b: ItemView, o: RuleOptions, knownSimilarity?: number): Decision {
  if (a.sTo === a.sFrom || b.sTo === b.sFrom) return { similarity: 0, duplicate: false, rule: 'empty' };
  const similarity = knownSimilarity ?? jaccardSorted(a.shingles, b.shingles, a.sFrom, a.sTo, b.sFrom, b.sTo);
  const no = (rule: DecisionRule): Decision => ({ similarity, duplicate: false, rule });
  if (similarity < lowestDuplicateSimilarity(o)) return no('below-threshold');
  // Dates are points, or spans for copies of one text (the gap is between the spans).
  const gap = Math.max(a.date - (b.dateMax ?? b.date), b.date - (a.dateMax ?? a.date));
  // The pair's window is the rule's, or one day for two daily reports; the first test spares the
  // marker scan for pairs that no window could veto.
  const shortest = Math.min(o.dateWindowDays, DAILY_WINDOW_DAYS) * DAY_MS;
  if (o.dateWindowDays > 0 && gap > shortest && gap > pairWindowDays(a, b, o.dateWindowDays) * DAY_MS) return no('date-gap');
  const sameTokens = similarity === 1 && a.tTo - a.tFrom === b.tTo - b.tFrom;
  const anySpanRule = o.numbers || o.substitution || o.negation || o.stage || o.extension;
  const byEdits = similarity < o.threshold;
  if (!sameTokens && (anySpanRule || byEdits)) {
    if (o.numbers && digitsDisagree(a, b)) return no('numbers');
    // The alignment breaks ties by direction, so a rule is asked both ways round: the decision for
    // (a, b) is the decision for (b, a), whichever of two items a caller meets first.
    const ab = align(a, b);
    if (byEdits && !onlyEdits(ab)) return no('below-threshold');
    const ba = align(b, a);
    if (byEdits && !onlyEdits(ba)) return no('below-threshold');
    const veto = spanVeto(a, b, ab, o) ?? spanVeto(b, a, ba, o);
    if (veto) return no(veto);
  }
  return { similarity, duplicate: true, rule: byEdits ? 'edits' : 'similar' };
}
