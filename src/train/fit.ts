/**
 * Fitting and scoring the decision model on labelled pairs: a fit on chosen features, leave-one-
 * fold-out predictions with the cut-off chosen inside each training fold (nested), F1 and a
 * seeded bootstrap interval. `npm run train` and `neardup train` fit through these.
 */
import { splitmix32 } from '../sketch/hash.js';
import { FEATURE_INDEX } from '../verify/features.js';
import { bestCutoff, fitLogistic, Model, MODEL_VERSION, type ModelWeights } from '../verify/model.js';
import type { ScoredPair } from './scored-pair.js';

export const DEFAULT_LAMBDA = 1;

/** What is fitted: the features, the penalty, and whether replaced spans below the threshold are scored. */
export interface ModelSpec {
  features: readonly string[];
  lambda: number;
  /**
   * Pairs below the threshold with a replaced span: `no` — never duplicates, not fitted on (the
   * edits rule's admission); `same` — fitted and decided at the one cut-off; `strict` — fitted, and
   * decided at a second cut-off, at least the first, chosen on the same out-of-fold predictions.
   */
  replaced: 'no' | 'same' | 'strict';
  /** Features that veto absolutely (absent: none). */
  vetoes?: readonly string[];
}

/**
 * The spec a fitted model was made with: its features, penalty and vetoes, and whether it scores
 * replaced spans below the threshold. So a refit reads the same evidence as the model it replaces,
 * whatever features a later build adds.
 * @example specOf(bundledModel()!.weights).features.length > 0 // true
 */
export function specOf(w: ModelWeights): ModelSpec {
  return {
    features: [...w.features],
    lambda: w.lambda,
    replaced: w.replacedCutoff === undefined ? 'no' : 'strict',
    vetoes: [...w.vetoes],
  };
}

const REPLACED_BELOW = FEATURE_INDEX.get('replacedBelow')!;
const vetoed = (p: ScoredPair, vetoes: readonly string[]) =>
  vetoes.some((v) => p.features![FEATURE_INDEX.get(v)!] > 0);
/** The features of a pair the spec may score, or null. */
const scorable = (p: ScoredPair, spec: ModelSpec) =>
  p.features === null || (spec.replaced === 'no' && p.features[REPLACED_BELOW] > 0) ? null : p.features;

export interface Cutoffs {
  cutoff: number;
  replacedCutoff?: number;
}

/** Fits on the pairs the model may score and no veto decides (the others are never duplicates). */
export function fitModel(
  pairs: readonly ScoredPair[],
  spec: ModelSpec,
  cutoffs: Cutoffs = { cutoff: 0.5 },
): Model {
  const vetoes = spec.vetoes ?? [];
  const usable = pairs.filter((p) => scorable(p, spec) !== null && !vetoed(p, vetoes));
  const cols = spec.features.map((n) => {
    const c = FEATURE_INDEX.get(n);
    if (c === undefined) throw new Error(`the model spec names an unknown feature ${JSON.stringify(n)}`);
    return c;
  });
  const rows = usable.map((p) => cols.map((c) => p.features![c]));
  const w = fitLogistic(
    rows,
    usable.map((p) => p.positive),
    spec.features,
    {
      lambda: spec.lambda,
      ...(usable.some((p) => p.weight !== undefined) && { rowWeights: usable.map((p) => p.weight ?? 1) }),
    },
  );
  const weights: ModelWeights = {
    version: MODEL_VERSION,
    ...w,
    vetoes: [...vetoes],
    cutoff: cutoffs.cutoff,
    ...(spec.replaced !== 'no' && { replacedCutoff: cutoffs.replacedCutoff ?? 0 }),
    trainedOn: {
      pairs: usable.length,
      positives: usable.filter((p) => p.positive).length,
      sources: [...new Set(pairs.map((p) => p.source))].sort(),
    },
  };
  return new Model(weights);
}

export function probabilityOf(m: Model, p: ScoredPair, spec: ModelSpec): number {
  const x = scorable(p, spec);
  return x === null || m.veto(x) !== undefined ? 0 : m.probability(x);
}

/** Out-of-fold probabilities: each fold's pairs scored by a model fitted on the other folds. */
export function outOfFold(pairs: readonly ScoredPair[], spec: ModelSpec): Map<ScoredPair, number> {
  const out = new Map<ScoredPair, number>();
  for (const fold of foldsOf(pairs)) {
    const m = fitModel(
      pairs.filter((p) => p.fold !== fold),
      spec,
    );
    for (const p of pairs) if (p.fold === fold) out.set(p, probabilityOf(m, p, spec));
  }
  return out;
}

export const foldsOf = (pairs: readonly ScoredPair[]): string[] =>
  [...new Set(pairs.map((p) => p.fold))].sort();

const isReplacedBelow = (p: ScoredPair) => p.features !== null && p.features[REPLACED_BELOW] > 0;

/**
 * The cut-offs with the best F1 over out-of-fold probabilities of these pairs: the main one, then
 * (strict) the replaced-span one among values at least the main one, the other pairs decided.
 */
export function chooseCutoffs(pairs: readonly ScoredPair[], spec: ModelSpec): Cutoffs {
  const oof = outOfFold(pairs, spec);
  if (spec.replaced !== 'strict')
    return {
      cutoff: bestCutoff(
        pairs.map((p) => oof.get(p)!),
        pairs.map((p) => p.positive),
      ),
      ...(spec.replaced === 'same' && { replacedCutoff: 0 }),
    };
  const main = pairs.filter((p) => !isReplacedBelow(p));
  const cutoff = bestCutoff(
    main.map((p) => oof.get(p)!),
    main.map((p) => p.positive),
  );
  // F1 over all pairs as the replaced-span cut-off rises from the main one.
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of main) {
    const d = oof.get(p)! >= cutoff;
    if (d && p.positive) tp++;
    else if (d) fp++;
    else if (p.positive) fn++;
  }
  const replaced = pairs.filter(isReplacedBelow).map((p) => ({ s: oof.get(p)!, positive: p.positive }));
  for (const r of replaced) if (r.positive) fn++;
  replaced.sort((x, y) => y.s - x.s);
  let best = (2 * tp) / (2 * tp + fp + fn);
  let bestAt = 1;
  for (let k = 0; k < replaced.length; k++) {
    if (replaced[k].s < cutoff) break;
    if (replaced[k].positive) tp++, fn--;
    else fp++;
    const next = k + 1 < replaced.length ? replaced[k + 1].s : 0;
    if (next === replaced[k].s) continue;
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best) {
      best = f1;
      bestAt = Math.max(cutoff, (replaced[k].s + next) / 2);
    }
  }
  return { cutoff, replacedCutoff: bestAt };
}

export interface Prediction {
  pair: ScoredPair;
  probability: number;
  duplicate: boolean;
  /** The cut-offs the held-out fold was decided with (chosen without it). */
  cutoff: number;
  replacedCutoff?: number;
}

/**
 * Leave-one-source-out: for each fold, a model fitted on the other folds, with cut-offs chosen by
 * an inner leave-one-source-out over those same folds only, decides the held-out fold.
 */
export function nestedLoso(pairs: readonly ScoredPair[], spec: ModelSpec): Prediction[] {
  const out: Prediction[] = [];
  for (const fold of foldsOf(pairs)) {
    const train = pairs.filter((p) => p.fold !== fold);
    const cutoffs = chooseCutoffs(train, spec);
    const m = fitModel(train, spec, cutoffs);
    for (const p of pairs) {
      if (p.fold !== fold) continue;
      const probability = probabilityOf(m, p, spec);
      const x = scorable(p, spec);
      out.push({
        pair: p,
        probability,
        duplicate: x !== null && probability > 0 && probability >= m.cutoffFor(x),
        ...cutoffs,
      });
    }
  }
  return out;
}

export interface Scores {
  n: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export function scores(decisions: readonly { positive: boolean; duplicate: boolean }[]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const d of decisions) {
    if (d.duplicate && d.positive) tp++;
    else if (d.duplicate) fp++;
    else if (d.positive) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { n: decisions.length, precision, recall, f1: tp ? (2 * tp) / (2 * tp + fp + fn) : 0, tp, fp, fn };
}

/** A 95% percentile interval of F1 over `rounds` resamples of the pairs (seeded: the same every run). */
export function bootstrapF1(
  decisions: readonly { positive: boolean; duplicate: boolean }[],
  rounds = 2000,
  seed = 19,
): [number, number] {
  const next = splitmix32(seed);
  const f1s: number[] = [];
  const n = decisions.length;
  for (let r = 0; r < rounds; r++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < n; i++) {
      const d = decisions[next() % n];
      if (d.duplicate && d.positive) tp++;
      else if (d.duplicate) fp++;
      else if (d.positive) fn++;
    }
    f1s.push(tp ? (2 * tp) / (2 * tp + fp + fn) : 0);
  }
  f1s.sort((x, y) => x - y);
  return [f1s[Math.floor(rounds * 0.025)], f1s[Math.ceil(rounds * 0.975) - 1]];
}
