/**
 * Fitting and scoring the decision model on labelled pairs, as the bench scripts call it: the
 * fitting itself lives in src/train/fit.ts (`neardup train` ships it); here a spec without vetoes
 * takes the model's configured ones (MODEL_VETOES), as it always has.
 */
import * as core from '../../src/train/fit.js';
import type { Model } from '../../src/verify/model.js';
import type { ScoredPair } from './gold.js';
import { MODEL_VETOES } from './model-config.js';

export { bootstrapF1, DEFAULT_LAMBDA, foldsOf, scores } from '../../src/train/fit.js';
export type { Cutoffs, ModelSpec, Prediction, Scores } from '../../src/train/fit.js';

const withVetoes = (spec: core.ModelSpec): core.ModelSpec =>
  spec.vetoes !== undefined ? spec : { ...spec, vetoes: MODEL_VETOES };

export const fitModel = (pairs: readonly ScoredPair[], spec: core.ModelSpec, cutoffs?: core.Cutoffs): Model =>
  core.fitModel(pairs, withVetoes(spec), cutoffs);
export const probabilityOf = (m: Model, p: ScoredPair, spec: core.ModelSpec): number =>
  core.probabilityOf(m, p, withVetoes(spec));
export const outOfFold = (pairs: readonly ScoredPair[], spec: core.ModelSpec): Map<ScoredPair, number> =>
  core.outOfFold(pairs, withVetoes(spec));
export const chooseCutoffs = (pairs: readonly ScoredPair[], spec: core.ModelSpec): core.Cutoffs =>
  core.chooseCutoffs(pairs, withVetoes(spec));
export const nestedLoso = (pairs: readonly ScoredPair[], spec: core.ModelSpec): core.Prediction[] =>
  core.nestedLoso(pairs, withVetoes(spec));
