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
import { DAY_MS } from '../read/dates.js';
import { jaccardSorted } from '../sketch/jaccard.js';
import type { Span } from './align.js';
import { DAILY_WINDOW_DAYS, pairWindowDays } from './daily-report.js';
import { sameWords, type ItemView } from './item-view.js';
import type { CorpusStats } from './corpus-stats.js';
import type { ModelWeights } from './model.js';
import { decideByModel } from './model-decision.js';
import {
  align,
  changesNumber,
  changesStage,
  digitsDisagree,
  extendsTopic,
  insertsNegation,
  onlyEdits,
  substitutesEntity,
} from './span-rules.js';

export { QUESTION_WORDS } from './span-rules.js';

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
  /**
   * `rules`: the rules veto (absent: rules); `model`: the rules are features of a learned
   * decision (see `model.ts`), and a pair is a duplicate when its probability reaches `cutoff`.
   */
  decision?: DecisionMode;
  /** With the model: the probability at or above which a pair is a duplicate (absent: the model's own). */
  cutoff?: number;
  /**
   * With the model: the probability from which a pair below the cut-off (or one a veto keeps for
   * review, at any probability) is a possible duplicate (absent: the model's own, at most the
   * cut-off in force; 1: none).
   */
  possibleCutoff?: number;
  /** With the model: weights to decide with instead of the bundled model's. */
  model?: ModelWeights;
  /** With the model: IDF from the bundled table, or uniform (shingles not made as the table's were). */
  corpusStats?: 'bundled' | 'uniform';
}

export type DecisionMode = 'rules' | 'model';

/** Every rule a decision can name (a decided pair's record in the link stage holds its index). */
export const DECISION_RULES = [
  'empty',
  'below-threshold',
  'date-gap',
  'numbers',
  'substitution',
  'negation',
  'stage',
  'extension',
  'edits',
  'template',
  'similar',
  // Appended, so that the index of every earlier rule stays what it was.
  'probability',
] as const;

export type DecisionRule = (typeof DECISION_RULES)[number];

export interface Decision {
  /** Exact Jaccard similarity of the shingle sets. */
  similarity: number;
  duplicate: boolean;
  /** The rule that decided; with the model, the strongest evidence for the decision. */
  rule: DecisionRule;
  /** With the model: the probability that the pair is a duplicate (0 for a pair it may not accept). */
  probability?: number;
  /**
   * With the model: not a duplicate, but its probability reaches the possible-duplicate cut-off
   * (below the removal cut-off, or at any probability for a pair a veto keeps for review): a pair
   * to show a reader, never to remove.
   */
  possible?: boolean;
  /**
   * With the model: the veto that decided, by its feature's name (`numbersChanged`,
   * `nounExtension`). No cut-off removes such a pair, whatever its probability.
   */
  veto?: string;
}

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

/** The first span rule that vetoes (a, b) under one alignment, if any. */
function spanVeto(
  a: ItemView,
  b: ItemView,
  spans: readonly Span[],
  o: RuleOptions,
): DecisionRule | undefined {
  if (o.numbers && changesNumber(a, b, spans)) return 'numbers';
  if (o.substitution && substitutesEntity(a, b, spans)) return 'substitution';
  if (o.negation && insertsNegation(a, b, spans)) return 'negation';
  if (o.stage && changesStage(a, b, spans)) return 'stage';
  if (o.extension && extendsTopic(a, b, spans)) return 'extension';
  return undefined;
}

/** The gap between two items' dates (NaN when either is undated); copies of one text have a span of dates, and the gap is between the spans. */
export function dateGap(a: ItemView, b: ItemView): number {
  return Math.max(a.date - (b.dateMax ?? b.date), b.date - (a.dateMax ?? a.date));
}

/**
 * The date-gap veto, absolute under both decisions: the batch engine scans buckets in date order
 * and stops at the window (see link/date-order.ts), and no labelled duplicate lies beyond it.
 * The pair's window is the rule's, or one day for two daily reports; the first test spares the
 * marker scan for pairs that no window could veto.
 */
export function outsideWindow(a: ItemView, b: ItemView, o: RuleOptions, gap: number): boolean {
  const shortest = Math.min(o.dateWindowDays, DAILY_WINDOW_DAYS) * DAY_MS;
  return o.dateWindowDays > 0 && gap > shortest && gap > pairWindowDays(a, b, o.dateWindowDays) * DAY_MS;
}

/**
 * The date gap up to which a pair is still a duplicate, for a caller whose items stand for copies
 * spread over time (see link/exact-join.ts): `maxMs` in, the pair's window; `ms` out, for a
 * duplicate, the largest whole number of ms up to `maxMs` at which it still is one. The rules
 * decide alike anywhere inside the window; the learned decision weighs the gap as evidence.
 */
export interface GapLimit {
  maxMs: number;
  ms: number;
}

/**
 * Decides whether two items are near-duplicates under the threshold and rules; symmetric in a
 * and b. A caller that has just computed their Jaccard similarity may pass it in, and one that
 * needs it the gap limit of a duplicate (see GapLimit).
 * @example decide(view('上海师范大学2019年硕士研究生招生简章'), view('湖北师范大学2019年硕士研究生招生简章'), rules)
 * // { similarity: 0.78, duplicate: false, rule: 'substitution' }
 */
export function decide(
  a: ItemView,
  b: ItemView,
  o: RuleOptions,
  knownSimilarity?: number,
  stats?: CorpusStats,
  limit?: GapLimit,
): Decision {
  if (a.sTo === a.sFrom || b.sTo === b.sFrom)
    return {
      similarity: 0,
      duplicate: false,
      rule: 'empty',
      ...(o.decision === 'model' && { probability: 0 }),
    };
  const similarity = knownSimilarity ?? jaccardSorted(a.shingles, b.shingles, a.sFrom, a.sTo, b.sFrom, b.sTo);
  const no = (rule: DecisionRule): Decision =>
    o.decision === 'model'
      ? { similarity, duplicate: false, rule, probability: 0 }
      : { similarity, duplicate: false, rule };
  if (similarity < lowestDuplicateSimilarity(o)) return no('below-threshold');
  const gap = dateGap(a, b);
  if (outsideWindow(a, b, o, gap)) return no('date-gap');
  if (limit) limit.ms = limit.maxMs;
  // The same words (after normalisation) are a duplicate anywhere inside the window, whichever
  // decision: the learned one weighs how two texts differ, and copies are grouped alike (see
  // link/exact-join.ts).
  if (o.decision === 'model')
    return similarity === 1 && sameWords(a, b)
      ? { similarity, duplicate: true, rule: 'similar', probability: 1 }
      : decideByModel(a, b, o, similarity, gap, stats, limit);
  const copy = similarity === 1 && a.tTo - a.tFrom === b.tTo - b.tFrom;
  const anySpanRule = o.numbers || o.substitution || o.negation || o.stage || o.extension;
  const byEdits = similarity < o.threshold;
  if (!copy && (anySpanRule || byEdits)) {
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
