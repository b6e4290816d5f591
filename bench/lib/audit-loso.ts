/**
 * Choosing and judging the removal cut-off in corpus context, leave-one-source-out: for each
 * source of audit.jsonl, a model fitted on the gold pairs (dev + train) of the other sources, its
 * cut-off chosen on the other sources' audit pairs as dedup runs over their slices meet them (the
 * lowest cut-off whose pooled removal precision reaches the target), decides the held-out source's
 * slices. The gold pairs of a held-out source (and the cross-platform pairs that involve it) are
 * left out of its fit, so no pair of that source, gold or audit, shapes its decision.
 */
import type { DedupOptions } from '../../src/options/options.js';
import type { ModelWeights } from '../../src/verify/model.js';
import { auditScores, type AuditRow, type Outcome, type SliceRecord, slicedOutcomes } from './audit.js';
import { chooseCutoffs, fitModel, type ModelSpec } from './fit.js';
import { scoreGold, type GoldRow, type ScoredPair } from './gold.js';
import { AUDIT_SHARE, AUDIT_WEIGHT_POWER } from './model-config.js';

/** Removal precision the default cut-off is chosen for (issue 28: removing a distinct story costs more than keeping a repeat). */
export const TARGET_PRECISION = 0.85;
/** The cut-offs tried, low to high. */
export const CUTOFF_GRID = [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

/** The audit sources a gold pair's `source` involves (`cross_a_b` names two; tt and wb are tthot and weibo). */
export function auditSourcesOf(goldSource: string): Set<string> {
  const out = new Set<string>();
  if (goldSource.startsWith('toutiao_hot')) out.add('tthot');
  for (const t of goldSource.split('_')) {
    if (t === 'weibo' || t === 'wb') out.add('weibo');
    else if (t === 'xwlb') out.add('xwlb');
    else if (t === 'tthot' || t === 'tt') out.add('tthot');
    else if (t === 'toutiao' && !goldSource.startsWith('toutiao_hot')) out.add('toutiao');
    else if (t === 'tnews') out.add('tnews');
    else if (t === 'fewclue') out.add('fewclue');
    else if (t === 'sina2018') out.add('sina2018');
  }
  return out;
}

/** The corpus slices and their labelled pairs, by audit source. */
export interface AuditCorpus {
  rows: readonly AuditRow[];
  slices: ReadonlyMap<string, readonly SliceRecord[]>;
}

/** Outcomes of every labelled pair of `sources`, each slice run with these options. */
export async function runSources(
  corpus: AuditCorpus,
  sources: ReadonlySet<string>,
  options: DedupOptions,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const [name, records] of corpus.slices) {
    const rows = corpus.rows.filter((r) => r.slice === name && sources.has(r.source));
    if (rows.length > 0) out.push(...(await slicedOutcomes(records, rows, options)));
  }
  return out;
}

/**
 * A model fitted on gold and audit pairs, with the F1-best cut-off of the gold pairs' own
 * leave-one-source-out predictions as the possible-duplicate cut-off.
 */
export function fitWeights(pairs: readonly ScoredPair[], spec: ModelSpec): ModelWeights {
  const cutoffs = chooseCutoffs(
    pairs.filter((p) => p.set !== 'audit'),
    spec,
  );
  const w = fitModel(pairs, spec, cutoffs).weights;
  return { ...w, possibleCutoff: cutoffs.cutoff };
}

/**
 * The audit pairs as training pairs, weighted: a pair's stratum weight (pool over sample) to the
 * power AUDIT_WEIGHT_POWER, all of them together weighing AUDIT_SHARE × the gold pairs. The power
 * tempers the weights (up to 325 for one xwlb pair) so that no few pairs decide the fit.
 */
export function auditTrainingPairs(rows: readonly AuditRow[], goldCount: number): ScoredPair[] {
  const scored = scoreGold({}, [rows as unknown as GoldRow[]]);
  const raw = rows.map((r) => r.weight ** AUDIT_WEIGHT_POWER);
  const total = raw.reduce((s, w) => s + w, 0);
  return scored.map((p, i) => ({
    ...p,
    set: 'audit' as const,
    source: rows[i].source,
    fold: rows[i].source,
    weight: (raw[i] * AUDIT_SHARE * goldCount) / total,
  }));
}

/** Precision and recall of the other sources at each grid cut-off, and the one chosen. */
export interface CutoffChoice {
  cutoff: number;
  table: { cutoff: number; precision: number; recall: number }[];
}

/**
 * The lowest grid cut-off whose pooled removal precision over `sources` reaches `target` (the
 * highest if none does), measured in corpus context with `weights`.
 */
export async function chooseRemovalCutoff(
  corpus: AuditCorpus,
  weights: ModelWeights,
  sources: ReadonlySet<string>,
  target = TARGET_PRECISION,
): Promise<CutoffChoice> {
  const table: CutoffChoice['table'] = [];
  // Up the grid until the target is reached: precision rises with the cut-off, give or take noise.
  for (const cutoff of CUTOFF_GRID) {
    const s = auditScores(await runSources(corpus, sources, { model: { ...weights, cutoff } }));
    table.push({ cutoff, precision: s.precision, recall: s.recall });
    if (s.precision >= target) break;
  }
  return { cutoff: table[table.length - 1].cutoff, table };
}

export interface HeldOut {
  source: string;
  cutoff: number;
  outcomes: Outcome[];
  /** The held-out source's outcomes at every grid cut-off (for the trade-off table). */
  byCutoff: Map<number, Outcome[]>;
}

/** Leave-one-source-out over the audit sources, in corpus context. */
export async function auditLoso(
  corpus: AuditCorpus,
  gold: readonly ScoredPair[],
  spec: ModelSpec,
  target = TARGET_PRECISION,
): Promise<HeldOut[]> {
  const sources = [...new Set(corpus.rows.map((r) => r.source))].sort();
  const out: HeldOut[] = [];
  for (const source of sources) {
    const fold = gold.filter((p) => !auditSourcesOf(p.source).has(source));
    const audit = auditTrainingPairs(
      corpus.rows.filter((r) => r.source !== source),
      fold.length,
    );
    const weights = fitWeights([...fold, ...audit], spec);
    const others = new Set(sources.filter((s) => s !== source));
    const { cutoff } = await chooseRemovalCutoff(corpus, weights, others, target);
    const byCutoff = new Map<number, Outcome[]>();
    for (const c of CUTOFF_GRID)
      byCutoff.set(c, await runSources(corpus, new Set([source]), { model: { ...weights, cutoff: c } }));
    out.push({ source, cutoff, outcomes: byCutoff.get(cutoff)!, byCutoff });
  }
  return out;
}
