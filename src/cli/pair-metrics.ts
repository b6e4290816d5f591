/**
 * Scores for `neardup pairs --label-field`: how the engine's decisions on labelled pairs compare
 * with the labels — precision, recall and F1 at the decision itself, and, under the learned
 * decision, over a range of probability cut-offs, so a user can see what `--cutoff` would trade
 * on their own pairs before changing it.
 */
import { thousands } from '../text/thousands.js';

/** Counts of one confusion table. */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** A confusion table with its scores; a score with a zero denominator is null (no pair to score). */
export interface Scores extends Confusion {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** The cut-offs of the table: the probability at or above which a pair counts as a duplicate. */
export const CUTOFFS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Precision, recall and F1 of a confusion table. */
export function scores(c: Confusion): Scores {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : null;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : null;
  const f1 = c.tp > 0 ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : c.fp + c.fn > 0 ? 0 : null;
  return { ...c, precision, recall, f1 };
}

const count = (c: Confusion, predicted: boolean, label: boolean): void => {
  if (predicted && label) c.tp++;
  else if (predicted) c.fp++;
  else if (label) c.fn++;
  else c.tn++;
};

const empty = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/** What `PairMetrics.report` returns, as `--metrics FILE` writes it. */
export interface MetricsReport {
  pairs: number;
  /** At the engine's own decision (`duplicate`). */
  decision: Scores;
  /** Under the learned decision: `probability ≥ cutoff` for each cut-off; empty under the rules. */
  cutoffs: (Scores & { cutoff: number })[];
}

/**
 * Accumulates labelled decisions, one pair at a time.
 * @example const m = new PairMetrics(); m.add(true, 0.9, true); m.report().decision.f1 // 1
 */
export class PairMetrics {
  #pairs = 0;
  readonly #decision = empty();
  readonly #byCutoff = CUTOFFS.map(empty);
  #probabilities = true;

  /** One pair: the engine's decision, its probability (undefined under the rules) and the label. */
  add(duplicate: boolean, probability: number | undefined, label: boolean): void {
    this.#pairs++;
    count(this.#decision, duplicate, label);
    if (probability === undefined) this.#probabilities = false;
    else CUTOFFS.forEach((c, k) => count(this.#byCutoff[k], probability >= c, label));
  }

  report(): MetricsReport {
    return {
      pairs: this.#pairs,
      decision: scores(this.#decision),
      cutoffs:
        this.#probabilities && this.#pairs > 0
          ? CUTOFFS.map((cutoff, k) => ({ cutoff, ...scores(this.#byCutoff[k]) }))
          : [],
    };
  }
}

const fixed = (x: number | null): string => (x === null ? '—' : x.toFixed(3));

/**
 * The report as text for stderr: the decision's scores, then the cut-off table.
 * @example formatMetrics(m.report(), 'gold.jsonl', 'label')
 */
export function formatMetrics(r: MetricsReport, name: string, labelField: string): string {
  const d = r.decision;
  const lines = [
    `${name}: ${thousands(r.pairs)} labelled pairs (field "${labelField}"): ` +
      `precision ${fixed(d.precision)}, recall ${fixed(d.recall)}, F1 ${fixed(d.f1)} ` +
      `(${d.tp} true and ${d.fp} false duplicates, ${d.fn} missed, ${d.tn} true non-duplicates)`,
  ];
  if (r.cutoffs.length > 0) {
    lines.push('  cut-off  precision  recall     F1    tp    fp    fn');
    for (const c of r.cutoffs) {
      lines.push(
        `  ${c.cutoff.toFixed(2).padStart(7)}  ${fixed(c.precision).padStart(9)}  ${fixed(c.recall).padStart(6)}  ${fixed(c.f1).padStart(5)}` +
          `  ${String(c.tp).padStart(4)}  ${String(c.fp).padStart(4)}  ${String(c.fn).padStart(4)}`,
      );
    }
  } else if (r.pairs > 0) {
    lines.push('  (no cut-off table: under --decision rules a pair has no probability)');
  }
  return `${lines.join('\n')}\n`;
}
