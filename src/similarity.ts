/**
 * Pairwise decisions with the engine's own normalisation, shingling and rules: what `dedup`
 * decides for a candidate pair, for pairs you bring (`pairs`, `explain`, the online index).
 */
import { parseDate } from './engine/dates.js';
import { resolveOptions, ruleOptions, shingleParams, type DedupOptions } from './options.js';
import { Shingler } from './text/shingle.js';
import { decide, type Decision, type RuleOptions } from './verify/decide.js';
import type { ItemView } from './verify/item-view.js';

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
 * A reusable comparer: options resolved and buffers allocated once, for scoring many pairs.
 * @example const cmp = createComparer({ threshold: 0.5 }); cmp('标题一', '标题一!').duplicate // true
 */
export function createComparer(
  options: DedupOptions = {},
): (a: string | PairText, b: string | PairText) => Decision {
  const o = resolveOptions(options);
  const sh = new Shingler(shingleParams(o));
  const rules = o.verify ? ruleOptions(o) : noRules(o.threshold);
  return (a, b) =>
    decide(
      textView(sh, typeof a === 'string' ? { text: a } : a),
      textView(sh, typeof b === 'string' ? { text: b } : b),
      rules,
    );
}

/**
 * The engine's decision for one pair: similarity, duplicate or not, and the rule that decided.
 * @example compare('上海师范大学2019年硕士研究生招生简章', '湖北师范大学2019年硕士研究生招生简章')
 * // { similarity: 0.7857, duplicate: false, rule: 'substitution' }
 */
export function compare(a: string | PairText, b: string | PairText, options: DedupOptions = {}): Decision {
  return createComparer(options)(a, b);
}

/**
 * Exact Jaccard similarity of the shingle sets of two texts (after normalisation and tag removal).
 * @example similarity('库里受伤退场! 勇士输球了!', '库里受伤退场！勇士输球了！') // 1
 */
export function similarity(a: string, b: string, options: DedupOptions = {}): number {
  return compare(a, b, { ...options, threshold: 1e-9 }).similarity;
}
