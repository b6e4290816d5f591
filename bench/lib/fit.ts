/**
 * Fitting and scoring the decision model on labelled pairs: a fit on chosen features, leave-one-
 * source-out predictions with the cut-off chosen inside each training fold (nested), F1 and a
 * seeded bootstrap interval.
 */
import { splitmix32 } from '../../src/hash.js';
import { FEATURE_INDEX } from '../../src/verify/features.js';
import { bestCutoff, fitLogistic, Model, MODEL_VERSION, type ModelWeights } from '../../src/verify/model.js';
import type { ScoredPair } from './gold.js';
import { MODEL_VETOES } from './model-config.js';

export const DEFAULT_LAMBDA = 1;

const vetoed = (p: ScoredPair, vetoes: readonly string[]) => vetoes.some((v) => p.features![FEATURE_INDEX.get(v)!] > 0);

/** Fits on the pairs the model may accept and no veto decides (the others are never duplicates). */
export function fitModel(pairs: readonly ScoredPair[], names: readonly string[], lambda: number, cutoff = 0.5, vetoes = MODEL_VETOES): Model {
  const usable = pairs.filter((p) => p.features !== null && !vetoed(p, vetoes));
  const cols = names.map((n) => FEATURE_INDEX.get(n)!);
  const rows = usable.map((p) => cols.map((c) => p.features![c]));
  const w = fitLogistic(rows, usable.map((p) => p.positive), names, { lambda });
  const weights: ModelWeights = {
    version: MODEL_VERSION,
    ...w,
    vetoes: [...vetoes],
    cutoff,
    trainedOn: { pairs: usable.length, positives: usable.filter((p) => p.positive).length, sources: [...new Set(pairs.map((p) => p.source))].sort() },
  };
  return new Model(weights);
}

export const probabilityOf = (m: Model, p: ScoredPair): number => (p.features === null || m.veto(p.features) !== undefined ? 0 : m.probability(p.features));

/** Out-of-fold probabilities: each fold's pairs scored by a model fitted on the other folds. */
export function outOfFold(pairs: readonly ScoredPair[], names: readonly string[], lambda: number): Map<ScoredPair, number> {
  const out = new Map<ScoredPair, number>();
  for (const fold of foldsOf(pairs)) {
    const m = fitModel(pairs.filter((p) => p.fold !== fold), names, lambda);
    for (const p of pairs) if (p.fold === fold) out.set(p, probabilityOf(m, p));
  }
  return out;
}

export const foldsOf = (pairs: readonly ScoredPair[]): string[] => [...new Set(pairs.map((p) => p.fold))].sort();

/** The cut-off with the best F1 over out-of-fold probabilities of these pairs. */
export function chooseCutoff(pairs: readonly ScoredPair[], names: readonly string[], lambda: number): number {
  const oof = outOfFold(pairs, names, lambda);
  return bestCutoff(pairs.map((p) => oof.get(p)!), pairs.map((p) => p.positive));
}

export interface Prediction {
  pair: ScoredPair;
  probability: number;
  duplicate: boolean;
  /** The cut-off the held-out fold was decided with (chosen without it). */
  cutoff: number;
}

/**
 * Leave-one-source-out: for each fold, a model fitted on the other folds, with a cut-off chosen by
 * an inner leave-one-source-out over those same folds only, decides the held-out fold.
 */
export function nestedLoso(pairs: readonly ScoredPair[], names: readonly string[], lambda: number): Prediction[] {
  const out: Prediction[] = [];
  for (const fold of foldsOf(pairs)) {
    const train = pairs.filter((p) => p.fold !== fold);
    const cutoff = chooseCutoff(train, names, lambda);
    const m = fitModel(train, names, lambda);
    for (const p of pairs) {
      if (p.fold !== fold) continue;
      const probability = probabilityOf(m, p);
      out.push({ pair: p, probability, duplicate: probability >= cutoff, cutoff });
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
export function bootstrapF1(decisions: readonly { positive: boolean; duplicate: boolean }[], rounds = 2000, seed = 19): [number, number] {
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
