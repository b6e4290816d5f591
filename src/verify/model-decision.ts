/**
 * The learned decision for one pair, after the checks both decisions share (empty texts, the
 * similarity floor, the date window): features from the alignment the rules compute anyway,
 * the model's probability, and the strongest evidence named as the deciding rule.
 */
import { bundledStats, UNIFORM_STATS, type CorpusStats } from './corpus-stats.js';
import type { Decision, DecisionRule, GapLimit, RuleOptions } from './decide.js';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURES, pairFeatures, type FeatureUse } from './features.js';
import type { Span } from './align.js';
import { sameWords, type ItemView } from './item-view.js';
import { bundledModel, Model, type ModelWeights } from './model.js';
import { align, digitsDisagree, onlyEdits } from './span-rules.js';

/** The default shingle parameters, those of the bundled table. */
const TABLE_PARAMS = { ngram: 2, seed: 1, foldScript: true, stripTags: true };

/** The statistics a rule set asks for: the bundled table, unless its shingles are not the table's. */
export function statsFor(o: RuleOptions): CorpusStats {
  return o.corpusStats === 'uniform' ? UNIFORM_STATS : bundledStats(TABLE_PARAMS);
}

/** The model made last from caller's weights: options reach a worker as one clone per task, and every pair of the task asks. */
let lastWeights: ModelWeights | undefined;
let lastModel: Model | undefined;

/** The model a rule set decides with: its own weights, or the bundled model. */
export function requireModel(o?: Pick<RuleOptions, 'model'>): Model {
  if (o?.model !== undefined) {
    if (o.model !== lastWeights) {
      lastModel = new Model(o.model);
      lastWeights = o.model;
    }
    return lastModel!;
  }
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
export function admissibleFeatures(
  a: ItemView,
  b: ItemView,
  o: RuleOptions,
  similarity: number,
  gap: number,
  stats: CorpusStats,
  out = scratch,
  use?: FeatureUse,
  admitReplaced = false,
): Float64Array | null {
  const below = similarity < o.threshold && !admitReplaced;
  if (sameWords(a, b)) {
    // Copies after normalisation (common in feeds): the alignment is one equal span, no table needed.
    const all: Span[] = [{ kind: 'equal', aFrom: 0, aTo: a.tTo - a.tFrom, bFrom: 0, bTo: b.tTo - b.tFrom }];
    return pairFeatures(a, b, o, similarity, all, all, gap, stats, stats.lnDocs(), out, use);
  }
  const ab = align(a, b);
  if (below && !(o.edits && onlyEdits(ab))) return null;
  const ba = align(b, a);
  if (below && !onlyEdits(ba)) return null;
  return pairFeatures(a, b, o, similarity, ab, ba, gap, stats, stats.lnDocs(), out, use);
}

const DATE_GAP = FEATURE_INDEX.get('dateGap')!;
const REPLACED_BELOW = FEATURE_INDEX.get('replacedBelow')!;
const DAY_MS = 86_400_000;

/**
 * The largest whole number of ms up to `maxMs` at which a pair with features `x` (decided a
 * duplicate at its own gap) is still one: the log-odds are monotone in the dateGap feature, so a
 * binary search over the gap with the model's own arithmetic gives exactly the gaps at which
 * `decide` would accept the pair. Leaves x as it found it.
 */
function gapLimitMs(model: Model, x: Float64Array, o: RuleOptions, maxMs: number): number {
  const own = x[DATE_GAP];
  const cutoff = model.cutoffFor(x, o.cutoff);
  const windowMs = o.dateWindowDays * DAY_MS;
  // As pairFeatures writes the feature for a gap.
  const accepts = (g: number) => {
    x[DATE_GAP] = Math.min(1, g / windowMs);
    return model.probability(x) >= cutoff;
  };
  let ok = 0;
  let limit = Math.floor(maxMs);
  if (o.dateWindowDays === 0 || accepts(limit)) ok = limit;
  else {
    // accepts(0): the pair was accepted at its own gap, at least 0, or undated (feature 0).
    while (limit - ok > 1) {
      const mid = ok + Math.floor((limit - ok) / 2);
      if (accepts(mid)) ok = mid;
      else limit = mid;
    }
  }
  x[DATE_GAP] = own;
  return ok;
}

/** The rule a feature's contribution stands for, in the direction of the decision. */
function evidenceRule(
  feature: number,
  value: number,
  duplicate: boolean,
  similarity: number,
  threshold: number,
  replaced: number,
): DecisionRule {
  const f = FEATURES[feature];
  // Below the threshold the edits leniency admits only words added or dropped; a pair with a
  // replaced span that the model accepts there is accepted on its probability, not by edits.
  if (duplicate) return similarity < threshold && replaced === 0 ? 'edits' : 'similar';
  if (f.evidence === 'template') return 'template';
  // The strongest evidence against is the want of something (no words only added) or plain
  // overlap: no rule decided, the evidence together fell short of the cut-off.
  if (f.evidence === 'similar' || f.evidence === 'below-threshold' || value === 0) return 'probability';
  return f.evidence;
}

/**
 * The model's decision for a pair that passed the shared checks.
 * @example decideByModel(a, b, { ...rules, decision: 'model' }, 0.78, NaN) // { duplicate: false, rule: 'substitution', probability: 0.03, … }
 */
export function decideByModel(
  a: ItemView,
  b: ItemView,
  o: RuleOptions,
  similarity: number,
  gap: number,
  stats = statsFor(o),
  limit?: GapLimit,
): Decision {
  const model = requireModel(o);
  // A veto the model keeps absolute that needs no alignment decides first, as in the rules.
  if (o.numbers && model.vetoesNumbers && digitsDisagree(a, b))
    return { similarity, duplicate: false, rule: 'numbers', probability: 0, veto: 'numbersChanged' };
  const x = admissibleFeatures(
    a,
    b,
    o,
    similarity,
    gap,
    stats,
    scratch,
    { want: model.want, numbersVeto: model.vetoesNumbers, digitsAgree: o.numbers && model.vetoesNumbers },
    model.admitsReplaced,
  );
  if (x === null) return { similarity, duplicate: false, rule: 'below-threshold', probability: 0 };
  const veto = model.veto(x);
  const stopped = veto === undefined ? undefined : FEATURES[FEATURE_INDEX.get(veto)!];
  if (stopped !== undefined && !stopped.keepsPossible)
    return { similarity, duplicate: false, rule: stopped.evidence, probability: 0, veto: veto! };
  const probability = model.probability(x);
  const cutoff = model.cutoffFor(x, o.cutoff);
  // A pair a veto stopped for review is a possible duplicate from the tier's cut-off up, at any
  // probability (the tier's cut-off itself never above the removal one), unless the tier is off.
  if (stopped !== undefined) {
    const possible = tierCutoff(model, o) < 1 && probability >= possibleCutoff(model, o, cutoff);
    return {
      similarity,
      duplicate: false,
      rule: stopped.evidence,
      probability,
      ...(possible && { possible }),
      veto: veto!,
    };
  }
  const duplicate = probability >= cutoff;
  const possible = !duplicate && probability >= possibleCutoff(model, o, cutoff);
  if (duplicate && limit) limit.ms = gapLimitMs(model, x, o, limit.maxMs);
  // The strongest evidence: the largest contribution in the direction of the decision.
  const k = model.strongest(x, duplicate ? 1 : -1);
  const rule: DecisionRule =
    k < 0
      ? duplicate
        ? 'similar'
        : 'probability'
      : evidenceRule(k, x[k], duplicate, similarity, o.threshold, x[REPLACED_BELOW]);
  return possible
    ? { similarity, duplicate, rule, probability, possible }
    : { similarity, duplicate, rule, probability };
}

/**
 * The probability from which a pair is a possible duplicate: the option's, else the model's own,
 * never above the removal cut-off in force (a lower --cutoff moves the tier down with it).
 */
export function possibleCutoff(model: Model, o: Pick<RuleOptions, 'possibleCutoff'>, cutoff: number): number {
  return Math.min(tierCutoff(model, o), cutoff);
}

/** The tier's own cut-off, the option's else the model's: 1 (`--possible-cutoff 1`, or a model without one) turns the tier off. */
const tierCutoff = (model: Model, o: Pick<RuleOptions, 'possibleCutoff'>) =>
  o.possibleCutoff ?? model.weights.possibleCutoff ?? 1;
