/**
 * `neardup train`: the decision refitted on the bundled training pairs plus a reader's labels, and
 * its removal cut-off chosen for a target precision measured on those labels by cross-validation.
 *
 * The labels are weighted so that a few hundred of them count: LABELS_WORTH labels weigh as much
 * as all the bundled pairs together, so 100 labels are a third of the fit and 400 two thirds. A
 * corpus's own notion of "the same item" then moves the weights, while the bundled pairs keep the
 * fit stable where the labels say nothing.
 *
 * The cut-off: each label's probability comes from a model fitted without its fold (K folds, the
 * labels dealt round in file order), and the cut-off moves from the bundled one only as far as the
 * labels show it should, precision first. Up, when the labels removed at the bundled cut-off fall
 * short of the target: to the lowest grid cut-off above it whose precision reaches the target (the
 * most precise one when none does). Down, only when the labels make a lower cut-off safe beyond
 * doubt: the lowest whose 95% Wilson interval lies above the target. A few hundred labels are a
 * small sample, and the lowest cut-off whose point estimate reaches the target (a handful of
 * removed labels, all duplicates) removes distinct items on the rest of the corpus. The labels a
 * reader gives are the pairs nearest the old cut-off, so their precision is that of the hard cases,
 * a lower bound on the corpus's.
 */
import type { ModelWeights } from '../verify/model.js';
import { chooseCutoffs, fitModel, type ModelSpec, probabilityOf } from './fit.js';
import type { ScoredPair } from './scored-pair.js';

/** This many labels weigh as much as every bundled training pair together. */
export const LABELS_WORTH = 200;
/** Folds of the labels' cross-validation. */
export const LABEL_FOLDS = 5;
/** The removal precision a cut-off is chosen for, unless asked otherwise. */
export const DEFAULT_TARGET_PRECISION = 0.85;
/** The cut-offs tried, low to high. */
export const CUTOFF_GRID: readonly number[] = Array.from({ length: 14 }, (_, k) =>
  Number((0.3 + 0.05 * k).toFixed(2)),
);
/** The interval half-width `train` says how many labels more would reach. */
const NARROW_TO = 0.05;

export interface TrainOptions {
  /** Removal precision to reach on the labels. @default 0.85 */
  targetPrecision?: number;
  /** Labels that weigh as much as the bundled pairs. @default 200 */
  labelsWorth?: number;
  /** The cut-off the labels move from (the bundled model's). @default 0.65 */
  baseCutoff?: number;
}

/** One row of the precision/recall table over cut-offs, on the labels' out-of-fold probabilities. */
export interface CutoffRow {
  cutoff: number;
  /** Labelled pairs the model would remove at this cut-off, and how many of them are duplicates. */
  removed: number;
  duplicates: number;
  precision: number;
  recall: number;
}

export interface TrainResult {
  weights: ModelWeights;
  table: CutoffRow[];
  /** Whether some grid cut-off reached the target precision. */
  reached: boolean;
  labels: number;
  positives: number;
  /** The 95% Wilson interval of precision at the chosen cut-off, and labels more for ±NARROW_TO. */
  interval: [number, number];
  moreLabels: number;
}

/** Rounds to 6 significant digits: the file stays readable, and stable across floating-point noise. */
const round = (x: number) => Number(x.toPrecision(6));

/** The weights with every number rounded as the bundled file's are. */
export function roundedWeights(w: ModelWeights): ModelWeights {
  return {
    ...w,
    mean: w.mean.map(round),
    scale: w.scale.map(round),
    weights: w.weights.map(round),
    bias: round(w.bias),
    cutoff: round(w.cutoff),
    ...(w.replacedCutoff !== undefined && { replacedCutoff: round(w.replacedCutoff) }),
    ...(w.possibleCutoff !== undefined && { possibleCutoff: round(Math.min(w.possibleCutoff, w.cutoff)) }),
  };
}

/** The labels with their weight in the fit and their fold for the cross-validation. */
export function weightLabels(
  base: readonly ScoredPair[],
  labels: readonly ScoredPair[],
  worth = LABELS_WORTH,
): ScoredPair[] {
  const total = base.reduce((s, p) => s + (p.weight ?? 1), 0);
  return labels.map((p, i) => ({
    ...p,
    set: 'user' as const,
    weight: total / worth,
    fold: `label${i % LABEL_FOLDS}`,
  }));
}

/** The 95% Wilson score interval of a proportion k / n. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const mid = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, mid - half), Math.min(1, mid + half)];
}

/** Out-of-fold probabilities of the labels: each fold scored by a fit on the bundled pairs and the other folds. */
export function labelProbabilities(
  base: readonly ScoredPair[],
  labels: readonly ScoredPair[],
  spec: ModelSpec,
): number[] {
  const out = new Array<number>(labels.length).fill(0);
  for (let k = 0; k < LABEL_FOLDS; k++) {
    const fold = `label${k}`;
    if (!labels.some((p) => p.fold === fold)) continue;
    const m = fitModel([...base, ...labels.filter((p) => p.fold !== fold)], spec);
    labels.forEach((p, i) => {
      if (p.fold === fold) out[i] = probabilityOf(m, p, spec);
    });
  }
  return out;
}

/** Precision and recall over the labels at each grid cut-off. */
export function cutoffTable(labels: readonly ScoredPair[], probabilities: readonly number[]): CutoffRow[] {
  const positives = labels.filter((p) => p.positive).length;
  return CUTOFF_GRID.map((cutoff) => {
    let removed = 0;
    let duplicates = 0;
    labels.forEach((p, i) => {
      if (probabilities[i] > 0 && probabilities[i] >= cutoff) {
        removed++;
        if (p.positive) duplicates++;
      }
    });
    return {
      cutoff,
      removed,
      duplicates,
      precision: removed > 0 ? duplicates / removed : 1,
      recall: positives > 0 ? duplicates / positives : 1,
    };
  });
}

/**
 * Fits the decision on `base` (the bundled pairs, scored) and `labels` (a reader's, scored), with
 * the removal cut-off for the target precision on the labels. Deterministic.
 * @example trainModel(loadTrainingPairs(), scoredLabels, specOf(bundledModel()!.weights)).weights.cutoff
 */
export function trainModel(
  base: readonly ScoredPair[],
  labels: readonly ScoredPair[],
  spec: ModelSpec,
  o: TrainOptions = {},
): TrainResult {
  const target = o.targetPrecision ?? DEFAULT_TARGET_PRECISION;
  const weighted = weightLabels(base, labels, o.labelsWorth);
  const table = cutoffTable(weighted, labelProbabilities(base, weighted, spec));
  const { row: chosen, reached } = chooseCutoff(table, target, o.baseCutoff ?? 0.65);
  // The possible-duplicate tier and a replaced-span cut-off, as npm run train chooses them: on the
  // gold pairs' own leave-one-source-out predictions.
  const gold = chooseCutoffs(
    base.filter((p) => p.set === 'dev' || p.set === 'train'),
    spec,
  );
  const fitted = fitModel([...base, ...weighted], spec, {
    cutoff: chosen.cutoff,
    ...(gold.replacedCutoff !== undefined && {
      replacedCutoff: Math.max(gold.replacedCutoff, chosen.cutoff),
    }),
  }).weights;
  const interval = wilson(chosen.duplicates, chosen.removed);
  return {
    weights: roundedWeights({ ...fitted, possibleCutoff: Math.min(gold.cutoff, chosen.cutoff) }),
    table,
    reached,
    labels: labels.length,
    positives: labels.filter((p) => p.positive).length,
    interval,
    moreLabels: moreLabelsFor(chosen, labels.length),
  };
}

/** The cut-off the labels choose, moving from `base` as the module comment says. */
export function chooseCutoff(
  table: readonly CutoffRow[],
  target: number,
  base: number,
): { row: CutoffRow; reached: boolean } {
  // The grid value nearest the base, at or above it.
  const at = table.find((r) => r.cutoff >= base - 1e-9) ?? table[table.length - 1];
  if (at.removed === 0 || at.precision >= target) {
    const safer = table.find(
      (r) => r.cutoff < at.cutoff && r.removed > 0 && wilson(r.duplicates, r.removed)[0] >= target,
    );
    return { row: safer ?? at, reached: true };
  }
  // Up from the base, which removes labels (so `above` starts with it).
  const above = table.filter((r) => r.cutoff >= at.cutoff && r.removed > 0);
  const up = above.find((r) => r.precision >= target);
  if (up) return { row: up, reached: true };
  // None reaches it: the most precise (the lowest of equals), which removes least of what is wrong.
  const best = above.reduce((m, r) => (r.precision > m.precision ? r : m), at);
  return { row: best, reached: false };
}

/**
 * About how many labels more would bring the precision interval at the cut-off to ±NARROW_TO, if
 * the new labels fall above the cut-off as often as these did (0 when it is already that narrow).
 */
function moreLabelsFor(row: CutoffRow, labels: number): number {
  const p = row.removed > 0 ? row.duplicates / row.removed : 0.5;
  let n = Math.max(row.removed, 1);
  const half = (m: number) => {
    const [lo, hi] = wilson(p * m, m);
    return (hi - lo) / 2;
  };
  if (half(row.removed) <= NARROW_TO) return 0;
  while (half(n) > NARROW_TO) n++;
  const share = row.removed > 0 && labels > 0 ? row.removed / labels : 0.5;
  return Math.ceil((n - row.removed) / share);
}
