/**
 * The review loop's state: the candidate pairs, the labels so far, and the model that picks the
 * next batch. Before the first label the engine's own probabilities rank the pairs; after each
 * batch the decision is refitted on the bundled pairs plus the labels (weighted as `neardup
 * train` weighs them) and the unlabelled pairs are ranked again. `neardup review` and the review
 * simulation (bench/review-sim.ts) both run it.
 */
import { fitModel, probabilityOf, type ModelSpec } from '../train/fit.js';
import type { ScoredPair } from '../train/scored-pair.js';
import { weightLabels } from '../train/train-model.js';
import { pickBatch, type Candidate } from './pick-pairs.js';

/** A candidate with its labelled-pair form (features scored). */
export interface ReviewCandidate extends Candidate {
  pair: ScoredPair;
}

export class ReviewLoop<C extends ReviewCandidate> {
  readonly #base: readonly ScoredPair[];
  readonly #spec: ModelSpec;
  readonly #cutoff: number;
  readonly #candidates: readonly C[];
  #probabilities: number[];
  /** Labels by pair key, in the order given. */
  readonly #labels = new Map<string, ScoredPair>();
  /** Bumped by every label and undo; the model is refitted when it moved. */
  #version = 0;
  #fittedAt = 0;

  /**
   * @param probabilities each candidate's probability under the engine's model, which ranks the
   * first batch
   */
  constructor(
    base: readonly ScoredPair[],
    spec: ModelSpec,
    cutoff: number,
    candidates: readonly C[],
    probabilities: readonly number[],
  ) {
    this.#base = base;
    this.#spec = spec;
    this.#cutoff = cutoff;
    this.#candidates = candidates;
    this.#probabilities = [...probabilities];
  }

  /** Records a label (a later one for the same pair replaces it). */
  label(key: string, pair: ScoredPair): void {
    this.#labels.delete(key);
    this.#labels.set(key, pair);
    this.#version++;
  }

  /** Forgets a label (undo). */
  unlabel(key: string): void {
    if (this.#labels.delete(key)) this.#version++;
  }

  get labelled(): ReadonlySet<string> {
    return new Set(this.#labels.keys());
  }

  /** The labels so far, in order. */
  get labels(): ScoredPair[] {
    return [...this.#labels.values()];
  }

  /** Each candidate's probability under the model the last batch was picked with. */
  get probabilities(): readonly number[] {
    return this.#probabilities;
  }

  /**
   * The next `n` pairs to label, ranked by a model refitted on the labels so far (refitted only when
   * the labels changed since the last batch), leaving out the pairs skipped.
   */
  next(n: number, skipped: ReadonlySet<string> = new Set()): C[] {
    const labels = this.labels;
    if (labels.length > 0 && this.#version !== this.#fittedAt) {
      const m = fitModel([...this.#base, ...weightLabels(this.#base, labels)], this.#spec, {
        cutoff: this.#cutoff,
      });
      this.#probabilities = this.#candidates.map((c) => probabilityOf(m, c.pair, this.#spec));
      this.#fittedAt = this.#version;
    }
    return pickBatch(
      this.#candidates,
      this.#probabilities,
      this.#cutoff,
      n,
      new Set([...this.labelled, ...skipped]),
    );
  }
}
