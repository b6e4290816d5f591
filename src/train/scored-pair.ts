/**
 * Labelled pairs as the fitting reads them: each pair in the gold schema (`a, b, date_a, date_b,
 * label`) scored once — the rules' decision, the plain Jaccard and the model's features (null for a
 * pair the model may not accept) — with its fold for cross-validation and its weight in the fit.
 */
import { resolveOptions, ruleOptions, shingleParams, type DedupOptions } from '../options/options.js';
import { textView } from '../compare/similarity.js';
import { Shingler } from '../text/shingle.js';
import { jaccardSorted } from '../sketch/jaccard.js';
import { dateGap, decide, lowestDuplicateSimilarity, outsideWindow } from '../verify/decide.js';
import { admissibleFeatures, statsFor } from '../verify/model-decision.js';
import { FEATURE_COUNT } from '../verify/features.js';

/** One labelled pair in the gold schema (../shared/data/gold/GUIDE.md); `source` names its corpus. */
export interface LabelledRow {
  pid?: string;
  a: string;
  b: string;
  date_a: string | null;
  date_b: string | null;
  label: 'dup' | 'diff';
  source?: string;
}

export interface ScoredPair {
  pid: string;
  a: string;
  b: string;
  date_a: string | null;
  date_b: string | null;
  /** dev, train or audit (the bundled training pairs), or user (a reader's labels). */
  set: 'dev' | 'train' | 'audit' | 'user';
  /** Weight in fitting (absent: 1): an audit pair stands for its stratum, a reader's label for more than one pair. */
  weight?: number;
  source: string;
  fold: string;
  positive: boolean;
  jaccard: number;
  /** The rule-based decision. */
  rules: boolean;
  /**
   * Features for the model, or null when the pair is below the floor or out of the date window
   * (pairs below the threshold with a replaced span included: replacedBelow says which).
   */
  features: Float64Array | null;
}

/** Scores one labelled pair: rules, Jaccard, features. `set`, `fold` and `weight` are the caller's. */
export function pairScorer(options: DedupOptions = {}) {
  const o = resolveOptions(options);
  const rules = ruleOptions(o);
  const stats = statsFor(rules);
  const sh = new Shingler(shingleParams(o));
  return (r: LabelledRow) => {
    const a = textView(sh, { text: r.a, date: r.date_a });
    const b = textView(sh, { text: r.b, date: r.date_b });
    const empty = a.sTo === 0 || b.sTo === 0;
    const jaccard = empty ? 0 : jaccardSorted(a.shingles, b.shingles, 0, a.sTo, 0, b.sTo);
    const gap = dateGap(a, b);
    const reaches = !empty && jaccard >= lowestDuplicateSimilarity(rules) && !outsideWindow(a, b, rules, gap);
    const features = reaches
      ? admissibleFeatures(a, b, rules, jaccard, gap, stats, new Float64Array(FEATURE_COUNT), undefined, true)
      : null;
    return {
      positive: r.label === 'dup',
      jaccard,
      rules: decide(a, b, { ...rules, decision: 'rules' }).duplicate,
      features,
    };
  };
}
