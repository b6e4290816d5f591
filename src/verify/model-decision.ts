/**
 * The learned decision for one pair, after the checks both decisions share (empty texts, the
 * similarity floor, the date window): features from the alignment the rules compute anyway,
 * the model's probability, and the strongest evidence named as the deciding rule.
 */
import { bundledStats, UNIFORM_STATS, type CorpusStats } from './corpus-stats.js';
import type { Decision, DecisionRule, RuleOptions } from './decide.js';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURES, pairFeatures } from './features.js';
import type { ItemView } from './item-view.js';
import { bundledModel, type Model } from './model.js';
import { align, onlyEdits } from './span-rules.js';

/** The default shingle parameters, those of the bundled table. */
const TABLE_PARAMS = { ngram: 2, seed: 1, foldScript: true, stripTags: true };

/** The statistics a rule set asks for: the bundled table, unless its shingles are not the table's. */
export function statsFor(o: RuleOptions): CorpusStats {
  return o.corpusStats === 'uniform' ? UNIFORM_STATS : bundledStats(TABLE_PARAMS);
}

export function requireModel(): Model {
  const m = bundledModel();
  if (m === null) throw new Error('the model decision needs data/model-weights.json (run npm run train)');
  return m;
}

/** One feature buffer per thread: deciding a pair allocates no vector. */
const scratch = new Float64Array(FEATURE_COUNT);

/**
 * The features of a pair the model may accept, or null for one it may not: below the threshold,
 * only a pair with words added or dropped (the edits rule's admission, so that the LSH bands,
 * tuned for the threshold, still find every pair it can accept as they did the rules').
 */
export function admissibleFeatures(a: ItemView, b: ItemView, o: RuleOptions, similarity: number, gap: number, stats: CorpusStats, out = scratch): Float64Array | null {
  const ab = align(a, b);
  const ba = align(b, a);
  if (similarity < o.threshold && !(o.edits && onlyEdits(ab) && onlyEdits(ba))) return null;
  return pairFeatures(a, b, o, similarity, ab, ba, gap, stats, stats.lnDocs(), out);
}

/** The rule a feature's contribution stands for, in the direction of the decision. */
function evidenceRule(name: string, value: number, duplicate: boolean, similarity: number, threshold: number): DecisionRule {
  const f = FEATURES.find((x) => x.name === name)!;
  if (duplicate) return similarity < threshold ? 'edits' : 'similar';
  if (f.evidence === 'template') return 'template';
  if (f.evidence === 'similar' || value === 0) return 'below-threshold';
  return f.evidence;
}

/**
 * The model's decision for a pair that passed the shared checks.
 * @example decideByModel(a, b, { ...rules, decision: 'model' }, 0.78, NaN) // { duplicate: false, rule: 'substitution', probability: 0.03, … }
 */
export function decideByModel(a: ItemView, b: ItemView, o: RuleOptions, similarity: number, gap: number, stats = statsFor(o)): Decision {
  const model = requireModel();
  const x = admissibleFeatures(a, b, o, similarity, gap, stats);
  if (x === null) return { similarity, duplicate: false, rule: 'below-threshold', probability: 0 };
  const veto = model.veto(x);
  if (veto !== undefined) return { similarity, duplicate: false, rule: FEATURES[FEATURE_INDEX.get(veto)!].evidence, probability: 0 };
  const probability = model.probability(x);
  const duplicate = probability >= (o.cutoff ?? model.weights.cutoff);
  // The strongest evidence: the largest contribution in the direction of the decision.
  let best = 0;
  let rule: DecisionRule = duplicate ? 'similar' : 'below-threshold';
  for (const c of model.contributions(x)) {
    const toward = duplicate ? c.contribution : -c.contribution;
    if (toward > best) {
      best = toward;
      rule = evidenceRule(c.name, c.value, duplicate, similarity, o.threshold);
    }
  }
  return { similarity, duplicate, rule, probability };
}
