/**
 * The labelled headline pairs (../shared/data/gold/dev.jsonl and train.jsonl) as the training and
 * the evaluation read them: each pair with its fold (its `source`; sources with fewer than
 * MIN_FOLD pairs merged into one `small` fold), the rules' decision, the plain Jaccard and the
 * model's features (null for a pair the model may not accept).
 */
import { resolveOptions, ruleOptions, shingleParams, type DedupOptions } from '../../src/options/options.js';
import { textView } from '../../src/compare/similarity.js';
import { Shingler } from '../../src/text/shingle.js';
import { jaccardSorted } from '../../src/sketch/jaccard.js';
import { dateGap, decide, lowestDuplicateSimilarity, outsideWindow } from '../../src/verify/decide.js';
import { admissibleFeatures, statsFor } from '../../src/verify/model-decision.js';
import { FEATURE_COUNT } from '../../src/verify/features.js';
import { readJsonl, sharedPath } from './shared-data.js';

/** A source with fewer labelled pairs than this is merged into the `small` fold. */
export const MIN_FOLD = 20;
export const SMALL_FOLD = 'small';

export interface GoldRow {
  pid: string;
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
  /** dev, train, or audit (../shared/data/gold/audit.jsonl). */
  set: 'dev' | 'train' | 'audit';
  /** Weight in fitting (absent: 1): an audit pair's stands for its stratum of the candidate pool. */
  weight?: number;
  source: string;
  fold: string;
  positive: boolean;
  jaccard: number;
  /** Today's rule-based decision. */
  rules: boolean;
  /**
   * Features for the model, or null when the pair is below the floor or out of the date window
   * (pairs below the threshold with a replaced span included: replacedBelow says which).
   */
  features: Float64Array | null;
}

export function loadGold(): GoldRow[][] {
  return [
    readJsonl<GoldRow>(sharedPath('gold/dev.jsonl')),
    readJsonl<GoldRow>(sharedPath('gold/train.jsonl')),
  ];
}

/** Scores every labelled pair once: rules, Jaccard, features. */
export function scoreGold(options: DedupOptions = {}, sets = loadGold()): ScoredPair[] {
  const o = resolveOptions(options);
  const rules = ruleOptions(o);
  const stats = statsFor(rules);
  const sh = new Shingler(shingleParams(o));
  const rows = sets.flatMap((rs, k) =>
    rs.map((r) => ({
      ...r,
      set: (k === 0 ? 'dev' : 'train') as 'dev' | 'train',
      source: r.source ?? 'unknown',
    })),
  );
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.source, (counts.get(r.source) ?? 0) + 1);
  return rows.map((r) => {
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
      pid: r.pid,
      a: r.a,
      b: r.b,
      set: r.set,
      source: r.source,
      fold: (counts.get(r.source) ?? 0) < MIN_FOLD ? SMALL_FOLD : r.source,
      positive: r.label === 'dup',
      jaccard,
      rules: decide(a, b, { ...rules, decision: 'rules' }).duplicate,
      features,
    };
  });
}
