/**
 * Choosing and judging the removal cut-off in corpus context, leave-one-source-out: for each
 * source of audit.jsonl, a model fitted on the gold pairs (dev + train) and the audit pairs of the
 * other sources decides the held-out source's slices, as dedup runs over them meet its pairs, at
 * every cut-off of a grid. The gold pairs of a held-out source (and the cross-platform pairs that
 * involve it) are left out of its fit, so no pair of that source, gold or audit, shapes its model.
 * A cut-off is chosen on held-out outcomes only (see auditLoso).
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

/**
 * The lowest grid cut-off at which held-out outcomes reach `target` removal precision (the highest
 * if none does): precision rises with the cut-off, give or take noise.
 */
export function lowestCutoffReaching(
  byCutoff: (cutoff: number) => readonly Outcome[],
  target = TARGET_PRECISION,
): number {
  for (const c of CUTOFF_GRID) if (auditScores(byCutoff(c)).precision >= target) return c;
  return CUTOFF_GRID[CUTOFF_GRID.length - 1];
}

export interface HeldOut {
  source: string;
  /** The cut-off the source is decided at: chosen on the other sources' held-out outcomes. */
  cutoff: number;
  outcomes: Outcome[];
  /** The held-out source's outcomes at every grid cut-off (for the trade-off table). */
  byCutoff: Map<number, Outcome[]>;
}

/**
 * Leave-one-source-out over the audit sources, in corpus context. Each source's slices are run at
 * every grid cut-off with a model fitted without the source; the cut-off it is judged at is the
 * lowest at which the other sources, each decided by its own held-out model, reach the target.
 * Choosing it on held-out outcomes matters: on the pairs a model was fitted on, precision reaches
 * the target at lower cut-offs than on a corpus the model has not seen. (Those models saw the
 * source's pairs; only its cut-off, one number, is chosen with them.)
 */
export async function auditLoso(
  corpus: AuditCorpus,
  gold: readonly ScoredPair[],
  spec: ModelSpec,
  target = TARGET_PRECISION,
): Promise<HeldOut[]> {
  const sources = [...new Set(corpus.rows.map((r) => r.source))].sort();
  const runs = new Map<string, Map<number, Outcome[]>>();
  for (const source of sources) {
    const fold = gold.filter((p) => !auditSourcesOf(p.source).has(source));
    const audit = auditTrainingPairs(
      corpus.rows.filter((r) => r.source !== source),
      fold.length,
    );
    const weights = fitWeights([...fold, ...audit], spec);
    const byCutoff = new Map<number, Outcome[]>();
    for (const c of CUTOFF_GRID)
      byCutoff.set(c, await runSources(corpus, new Set([source]), { model: { ...weights, cutoff: c } }));
    runs.set(source, byCutoff);
  }
  return sources.map((source) => {
    const byCutoff = runs.get(source)!;
    const others = sources.filter((s) => s !== source);
    const cutoff = lowestCutoffReaching((c) => others.flatMap((s) => runs.get(s)!.get(c)!), target);
    return { source, cutoff, outcomes: byCutoff.get(cutoff)!, byCutoff };
  });
}
