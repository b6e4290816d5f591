/**
 * Pairwise decisions with the engine's own normalisation, shingling and rules: what `dedup`
 * decides for a candidate pair, for pairs you bring (`pairs`, `explain`, the online index).
 */
import { parseDate } from '../read/dates.js';
import { resolveOptions, ruleOptions, shingleParams, type DedupOptions } from '../options/options.js';
import { Shingler } from '../text/shingle.js';
import { decide, type Decision, type RuleOptions } from '../verify/decide.js';
import type { ItemView } from '../verify/item-view.js';

/** A text with an optional date, as `compare` takes it. */
export interface PairText {
  text: string;
  date?: unknown;
}

/** The rule options when verification is off: threshold only. */
function noRules(threshold: number): RuleOptions {
  return {
    threshold,
    edits: false,
    dateWindowDays: 0,
    numbers: false,
    substitution: false,
    negation: false,
    stage: false,
    extension: false,
  };
}

/** An item's shingles and tokens as the rules see them (own arrays). */
export function textView(sh: Shingler, item: PairText): ItemView {
  const n = sh.shingle(item.text);
  const shingles = sh.hashes.slice(0, n);
  const tokens = sh.tokens.slice(0, sh.tokenCount);
  return { shingles, sFrom: 0, sTo: n, tokens, tFrom: 0, tTo: tokens.length, date: parseDate(item.date) };
}

/**
 * A comparer with options resolved and buffers allocated once, for scoring many pairs (the CLI's
 * `pairs`, and `compare` below, which keeps the last one).
 * @example const cmp = createComparer({ threshold: 0.5 }); cmp('标题一', '标题一!').duplicate // true
 */
export function createComparer(
  options: DedupOptions = {},
): (a: string | PairText, b: string | PairText) => Decision {
  const { view, decideViews } = viewComparer(options);
  return (a, b) =>
    decideViews(view(typeof a === 'string' ? { text: a } : a), view(typeof b === 'string' ? { text: b } : b));
}

/**
 * The comparer in two steps, for callers that meet one text in many pairs (`explain` for a
 * report's clusters): a text's view, made once, and the decision for two views.
 * @example const { view, decideViews } = viewComparer({}); decideViews(view({ text: 'a' }), view({ text: 'a!' }))
 */
export function viewComparer(options: DedupOptions = {}): {
  view: (item: PairText) => ItemView;
  decideViews: (a: ItemView, b: ItemView) => Decision;
} {
  const o = resolveOptions(options);
  const sh = new Shingler(shingleParams(o));
  const rules = o.verify ? ruleOptions(o) : noRules(o.threshold);
  return { view: (item) => textView(sh, item), decideViews: (a, b) => decide(a, b, rules) };
}

/** The last options `compare` was called with (as JSON, so a changed object is seen) and their comparer. */
let last: { key: string; cmp: ReturnType<typeof createComparer> } | undefined;

/**
 * The engine's decision for one pair, as `dedup` decides a candidate: the exact Jaccard similarity
 * of the shingle sets (after normalisation and tag removal), duplicate or not, and the rule that
 * decided. Texts may carry dates for the date-gap rule. Options are resolved once for a run of
 * calls with the same options, so scoring many pairs needs no comparer of your own.
 * @example compare('上海师范大学2019年硕士研究生招生简章', '湖北师范大学2019年硕士研究生招生简章')
 * // { similarity: 0.7778, duplicate: false, rule: 'substitution' }
 * @example compare('库里受伤退场! 勇士输球了!', '库里受伤退场！勇士输球了！').similarity // 1
 */
export function compare(a: string | PairText, b: string | PairText, options: DedupOptions = {}): Decision {
  const key = JSON.stringify(options);
  if (last?.key !== key) last = { key, cmp: createComparer(options) };
  return last.cmp(a, b);
}
