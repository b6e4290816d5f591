/**
 * Pairwise similarity with the engine's own normalisation and shingling: what `dedup` compares
 * candidates by, for one pair.
 */
import { parseDate } from './engine/dates.js';
import { resolveOptions, ruleOptions, shingleParams, type DedupOptions } from './options.js';
import { Shingler } from './text/shingle.js';
import { decide, type Decision } from './verify/decide.js';
import type { ItemView } from './verify/item-view.js';

/** A text with an optional date, as `compare` takes it. */
export interface PairText {
  text: string;
  date?: unknown;
}

function view(sh: Shingler, item: PairText): ItemView {
  const n = sh.shingle(item.text);
  const shingles = sh.hashes.slice(0, n);
  const tokens = sh.tokens.slice(0, sh.tokenCount);
  return { shingles, sFrom: 0, sTo: n, tokens, tFrom: 0, tTo: tokens.length, date: parseDate(item.date) };
}

/**
 * The engine's decision for one pair: similarity, duplicate or not, and the rule that decided.
 * @example compare('上海师范大学2019年硕士研究生招生简章', '湖北师范大学2019年硕士研究生招生简章')
 * // { similarity: 0.78, duplicate: false, rule: 'substitution' }
 */
export function compare(a: string | PairText, b: string | PairText, options: DedupOptions = {}): Decision {
  const o = resolveOptions(options);
  const sh = new Shingler(shingleParams(o));
  const va = view(sh, typeof a === 'string' ? { text: a } : a);
  const vb = view(sh, typeof b === 'string' ? { text: b } : b);
  if (!o.verify) return { ...decide(va, vb, { threshold: o.threshold, dateWindowDays: 0, numbers: false, substitution: false, negation: false, stage: false, extension: false }) };
  return decide(va, vb, ruleOptions(o));
}

/**
 * Exact Jaccard similarity of the shingle sets of two texts (after normalisation and tag removal).
 * @example similarity('库里受伤退场! 勇士输球了!', '库里受伤退场！勇士输球了！') // 1
 */
export function similarity(a: string, b: string, options: DedupOptions = {}): number {
  return compare(a, b, { ...options, threshold: 1e-9 }).similarity;
}
