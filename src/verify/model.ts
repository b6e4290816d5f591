/**
 * The learned decision: L2-regularised logistic regression over the pair features
 * (`features.ts`), P(duplicate) = σ(b + Σ wᵢ (xᵢ − μᵢ) / sᵢ) on standardised features. A pair is a
 * duplicate when P reaches the cut-off. The weights are a small JSON file in data/, written by
 * `npm run train` from the labelled pairs; fitting is Newton's method (iteratively reweighted
 * least squares) for a fixed number of steps, so the same pairs give the same file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from './corpus-stats.js';
import { FEATURE_INDEX, FEATURES } from './features.js';

export const MODEL_VERSION = 1;
const REPLACED_BELOW = FEATURE_INDEX.get('replacedBelow')!;
export const MODEL_FILE = 'model-weights.json';

/** A fitted model as stored. */
export interface ModelWeights {
  version: number;
  /** Feature names, a subset of FEATURES in any order. */
  features: string[];
  /** Standardisation: mean and scale of each feature over the training pairs. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Features that veto absolutely when they fire (kept so only where the folds scored better). */
  vetoes: string[];
  /** P(duplicate) at or above which a pair is a duplicate (chosen by leave-one-source-out F1). */
  cutoff: number;
  /** L2 penalty on the standardised weights. */
  lambda: number;
  /**
   * Below the threshold, a pair with a replaced span is a duplicate only at or above this
   * probability (absent: never; such pairs are then not scored at all).
   */
  replacedCutoff?: number;
  /**
   * Pairs from this probability up to the cut-off are possible duplicates: not removed, shown
   * for review (absent: none are).
   */
  possibleCutoff?: number;
  /** Where the weights come from: pairs, positives, sources. */
  trainedOn: { pairs: number; positives: number; sources: string[] };
}

/** A model ready to score full feature vectors (FEATURES order). */
export class Model {
  readonly weights: ModelWeights;
  /** Index into the full feature vector of each model feature. */
  readonly #at: Int32Array;
  readonly #w: Float64Array;
  readonly #mean: Float64Array;
  readonly #vetoes: Int32Array;
  readonly #vetoesNumbers: boolean;
  readonly #want: Uint8Array;

  constructor(weights: ModelWeights) {
    if (weights.version !== MODEL_VERSION)
      throw new Error(`model weights version ${weights.version}; this build reads version ${MODEL_VERSION}`);
    this.weights = weights;
    this.#at = Int32Array.from(
      weights.features.map((f) => {
        const i = FEATURE_INDEX.get(f);
        if (i === undefined) throw new Error(`model weights name an unknown feature ${JSON.stringify(f)}`);
        return i;
      }),
    );
    // Fold the scale into the weights: w (x − μ) / s = (w / s) x − (w / s) μ.
    this.#w = Float64Array.from(weights.weights, (w, k) => w / weights.scale[k]);
    this.#mean = Float64Array.from(weights.mean);
    this.#vetoes = Int32Array.from(weights.vetoes, (f) => FEATURE_INDEX.get(f) ?? -1);
    this.#vetoesNumbers = weights.vetoes.includes('numbersChanged');
    this.#want = new Uint8Array(FEATURES.length);
    for (const i of [...this.#at, ...this.#vetoes]) if (i >= 0) this.#want[i] = 1;
  }

  /** Whether the model scores pairs below the threshold with a replaced span. */
  get admitsReplaced(): boolean {
    return this.weights.replacedCutoff !== undefined;
  }

  /** The cut-off for a pair: the stricter one for a replaced span below the threshold. */
  cutoffFor(x: ArrayLike<number>, cutoff = this.weights.cutoff): number {
    const r = this.weights.replacedCutoff;
    return r !== undefined && x[REPLACED_BELOW] > 0 ? Math.max(cutoff, r) : cutoff;
  }

  /** The name of the first absolute veto that fires, if any. */
  veto(x: ArrayLike<number>): string | undefined {
    for (const i of this.#vetoes) if (i >= 0 && x[i] > 0) return FEATURES[i].name;
    return undefined;
  }

  /** The weight of a feature on its raw scale (0 for one the model does not read). */
  weightOf(name: string): number {
    const k = this.weights.features.indexOf(name);
    return k < 0 ? 0 : this.#w[k];
  }

  /** Which features the model reads (features and vetoes), for `pairFeatures`. */
  get want(): Uint8Array {
    return this.#want;
  }

  /** True when numbersChanged is an absolute veto (digits that disagree then decide before aligning). */
  get vetoesNumbers(): boolean {
    return this.#vetoesNumbers;
  }

  /**
   * The full-vector index of the feature whose contribution is largest in a direction (+1 toward
   * a duplicate, −1 against), or −1 when none contributes that way.
   */
  strongest(x: ArrayLike<number>, direction: 1 | -1): number {
    let best = 0;
    let at = -1;
    for (let k = 0; k < this.#at.length; k++) {
      const c = direction * this.#w[k] * (x[this.#at[k]] - this.#mean[k]);
      if (c > best) {
        best = c;
        at = this.#at[k];
      }
    }
    return at;
  }

  /** The log-odds of a duplicate. */
  logit(x: ArrayLike<number>): number {
    let z = this.weights.bias;
    for (let k = 0; k < this.#at.length; k++) z += this.#w[k] * (x[this.#at[k]] - this.#mean[k]);
    return z;
  }

  probability(x: ArrayLike<number>): number {
    return sigmoid(this.logit(x));
  }

  /**
   * Each model feature's value and its contribution to the log-odds, against an average
   * training pair (the bias is the log-odds of that pair).
   */
  contributions(x: ArrayLike<number>): { name: string; value: number; contribution: number }[] {
    return [...this.#at].map((i, k) => ({
      name: FEATURES[i].name,
      value: x[i],
      contribution: this.#w[k] * (x[i] - this.#mean[k]),
    }));
  }
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

let bundled: Model | null | undefined;

/** The model in data/model-weights.json (read once per thread), or null when there is none. */
export function bundledModel(): Model | null {
  if (bundled === undefined) {
    const path = join(DATA_DIR, MODEL_FILE);
    bundled = existsSync(path) ? new Model(JSON.parse(readFileSync(path, 'utf8')) as ModelWeights) : null;
  }
  return bundled;
}

export interface FitOptions {
  /** L2 penalty on the standardised weights (the bias is not penalised). */
  lambda: number;
  /** Newton steps; the loss is strictly convex, and 30 steps reach machine precision here. */
  iterations?: number;
  /**
   * Each row's weight in the loss (absent: 1 each): a labelled pair drawn from a large pool stands
   * for more pairs of that pool than one drawn from a small one. Scaled to sum to the row count,
   * so the penalty means the same with or without them.
   */
  rowWeights?: readonly number[];
}

/**
 * Fits L2-regularised logistic regression by Newton's method on standardised columns.
 * Minimises Σ log(1 + e^(−yᵢ zᵢ)) + λ/2 ‖w‖² with no randomness: the same rows give the same
 * weights, bit for bit.
 * @example fitLogistic([[0.9], [0.2]], [true, false], ['jaccard'], { lambda: 1 }).weights.length // 1
 */
export function fitLogistic(
  rows: readonly ArrayLike<number>[],
  labels: readonly boolean[],
  names: readonly string[],
  o: FitOptions,
): Pick<ModelWeights, 'features' | 'mean' | 'scale' | 'weights' | 'bias' | 'lambda'> {
  const n = rows.length;
  const d = names.length;
  const total = o.rowWeights ? o.rowWeights.reduce((s, w) => s + w, 0) : n;
  const rw = (i: number) => (o.rowWeights ? (o.rowWeights[i] * n) / total : 1);
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  rows.forEach((r, i) => {
    for (let k = 0; k < d; k++) mean[k] += (rw(i) * r[k]) / n;
  });
  rows.forEach((r, i) => {
    for (let k = 0; k < d; k++) scale[k] += (rw(i) * (r[k] - mean[k]) ** 2) / n;
  });
  for (let k = 0; k < d; k++) scale[k] = Math.sqrt(scale[k]) || 1;
  // Standardised design with a leading column of ones for the bias.
  const p = d + 1;
  const X = rows.map((r) => {
    const x = new Float64Array(p);
    x[0] = 1;
    for (let k = 0; k < d; k++) x[k + 1] = (r[k] - mean[k]) / scale[k];
    return x;
  });
  const beta = new Float64Array(p);
  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  for (let it = 0; it < (o.iterations ?? 30); it++) {
    H.fill(0);
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const x = X[i];
      let z = 0;
      for (let k = 0; k < p; k++) z += beta[k] * x[k];
      const mu = sigmoid(z);
      const ri = rw(i);
      const wgt = ri * Math.max(mu * (1 - mu), 1e-12);
      const resid = ri * (mu - (labels[i] ? 1 : 0));
      for (let k = 0; k < p; k++) {
        g[k] += resid * x[k];
        const xk = wgt * x[k];
        for (let l = 0; l <= k; l++) H[k * p + l] += xk * x[l];
      }
    }
    for (let k = 1; k < p; k++) {
      g[k] += o.lambda * beta[k];
      H[k * p + k] += o.lambda;
    }
    const step = solveSymmetric(H, g, p);
    for (let k = 0; k < p; k++) beta[k] -= step[k];
  }
  return {
    features: [...names],
    mean,
    scale,
    weights: [...beta.subarray(1)],
    bias: beta[0],
    lambda: o.lambda,
  };
}

/** Solves H x = g for a symmetric positive definite H given by its lower triangle (Cholesky). */
function solveSymmetric(H: Float64Array, g: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = H[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * p + j];
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = g[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * y[k];
    y[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/**
 * The cut-off with the best F1 over scored pairs (ties: the middle of the best run, so a cut-off
 * between two scores does not sit on either).
 * @example bestCutoff([0.9, 0.2], [true, false]) // 0.55
 */
export function bestCutoff(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((x, y) => scores[y] - scores[x] || x - y);
  const positives = labels.filter(Boolean).length;
  let tp = 0;
  let best = -1;
  let bestAt = 0.5;
  for (let r = 0; r < order.length; r++) {
    if (labels[order[r]]) tp++;
    const here = scores[order[r]];
    const next = r + 1 < order.length ? scores[order[r + 1]] : 0;
    if (next === here) continue;
    const f1 = (2 * tp) / (r + 1 + positives);
    if (f1 > best) {
      best = f1;
      bestAt = (here + next) / 2;
    }
  }
  return bestAt;
}
