/**
 * The audit pairs (../shared/data/gold/audit.jsonl) read the way a user meets a decision: a dedup
 * run over each slice of the headline corpus that the pairs were drawn from, and each labelled
 * pair's fate read from the run. Removal precision is the weighted share of duplicates among the
 * pairs a run removes for each other (one item removed with the other kept in its place); recall
 * is the weighted share of duplicate pairs the run does not keep both of. The weights (a stratum's
 * pool over its sample) make the sums estimate each slice's whole candidate pool (GUIDE.md).
 */
import { dedup } from '../../src/engine/dedup.js';
import type { DedupOptions } from '../../src/options/options.js';
import { splitmix32 } from '../../src/sketch/hash.js';
import { readJsonl, sharedPath } from './shared-data.js';

export interface AuditRow {
  pid: string;
  a: string;
  b: string;
  date_a: string | null;
  date_b: string | null;
  label: 'dup' | 'diff';
  source: string;
  slice: string;
  stratum: 'removed' | 'nearmiss';
  weight: number;
  a_id: string;
  b_id: string;
}

export interface SliceRecord {
  id: string;
  title: string;
  date?: string;
}

/** The fourteen slices of GUIDE.md: a date range of one id prefix, or every record of a prefix. */
const SLICES: Record<string, { prefix: string; from?: string; to?: string }> = {
  weibo1: { prefix: 'weibo', from: '2021-06-01', to: '2021-06-14' },
  weibo2: { prefix: 'weibo', from: '2023-03-01', to: '2023-03-14' },
  weibo3: { prefix: 'weibo', from: '2025-09-01', to: '2025-09-14' },
  weibo4: { prefix: 'weibo', from: '2020-11-24', to: '2020-12-07' },
  weibo5: { prefix: 'weibo', from: '2022-01-10', to: '2022-01-23' },
  weibo6: { prefix: 'weibo', from: '2024-05-01', to: '2024-05-14' },
  weibo7: { prefix: 'weibo', from: '2026-06-01', to: '2026-06-14' },
  tthot: { prefix: 'tthot', from: '2021-03-01', to: '2021-03-31' },
  tthot2: { prefix: 'tthot', from: '2021-05-01', to: '2021-05-31' },
  xwlb: { prefix: 'xwlb' },
  toutiao: { prefix: 'toutiao' },
  fewclue: { prefix: 'fewclue' },
  tnews: { prefix: 'tnews' },
  sina2018: { prefix: 'sina2018' },
};

export const SLICE_NAMES = Object.keys(SLICES);

export function loadAudit(): AuditRow[] {
  return readJsonl<AuditRow>(sharedPath('gold/audit.jsonl'));
}

/** Every slice's records, in corpus order (as a user would cut the slice and run dedup on it). */
export function loadSlices(): Map<string, SliceRecord[]> {
  const out = new Map<string, SliceRecord[]>(SLICE_NAMES.map((s) => [s, []]));
  const entries = Object.entries(SLICES);
  for (const r of readJsonl<SliceRecord>(sharedPath('headlines_zh.jsonl.gz'))) {
    const prefix = r.id.slice(0, r.id.indexOf('-'));
    for (const [name, s] of entries) {
      if (s.prefix !== prefix) continue;
      if (s.from !== undefined && !(r.date !== undefined && r.date >= s.from && r.date <= s.to!)) continue;
      out.get(name)!.push(r);
    }
  }
  return out;
}

/** What a run did with a labelled pair. */
export type Fate = 'removed' | 'other' | 'kept';

export interface Outcome {
  row: AuditRow;
  /** removed: one removed with the other as its kept item; other: one or both removed for a third item; kept: both kept. */
  fate: Fate;
}

/**
 * Runs dedup over a slice as `neardup dedup --text-field title --date-field date` does, and reads
 * the fate of each of the slice's labelled pairs.
 */
export async function slicedOutcomes(
  records: readonly SliceRecord[],
  rows: readonly AuditRow[],
  options: DedupOptions = {},
): Promise<Outcome[]> {
  const result = await dedup(
    records.map((r) => ({ id: r.id, text: r.title, date: r.date })),
    options,
  );
  const index = new Map<string, number>();
  records.forEach((r, i) => index.set(r.id, i));
  const c = result.canonicalOf;
  return rows.map((row) => {
    const a = index.get(row.a_id);
    const b = index.get(row.b_id);
    if (a === undefined || b === undefined)
      throw new Error(
        `audit pair ${row.pid}: record ${a === undefined ? row.a_id : row.b_id} is not in slice ${row.slice}`,
      );
    const fate: Fate = c[a] === b || c[b] === a ? 'removed' : c[a] === a && c[b] === b ? 'kept' : 'other';
    return { row, fate };
  });
}

export interface AuditScores {
  pairs: number;
  precision: number;
  recall: number;
  /** Weighted mass the run removes for each other, and the duplicates' mass. */
  removed: number;
  duplicates: number;
}

/** Weighted removal precision and recall of outcomes (precision 1 when nothing is removed). */
export function auditScores(outcomes: readonly Outcome[]): AuditScores {
  let removed = 0;
  let removedDup = 0;
  let dup = 0;
  let dupHit = 0;
  for (const { row, fate } of outcomes) {
    const positive = row.label === 'dup';
    if (fate === 'removed') {
      removed += row.weight;
      if (positive) removedDup += row.weight;
    }
    if (positive) {
      dup += row.weight;
      if (fate !== 'kept') dupHit += row.weight;
    }
  }
  return {
    pairs: outcomes.length,
    precision: removed > 0 ? removedDup / removed : 1,
    recall: dup > 0 ? dupHit / dup : 1,
    removed,
    duplicates: dup,
  };
}

/**
 * 95% percentile intervals of removal precision and recall over `rounds` resamples, each drawn
 * within every slice and stratum (as the sample was), seeded: the same every run.
 */
export function auditIntervals(
  outcomes: readonly Outcome[],
  rounds = 2000,
  seed = 28,
): { precision: [number, number]; recall: [number, number] } {
  const strata = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const k = `${o.row.slice}/${o.row.stratum}`;
    if (!strata.has(k)) strata.set(k, []);
    strata.get(k)!.push(o);
  }
  const groups = [...strata.values()];
  const next = splitmix32(seed);
  const ps: number[] = [];
  const rs: number[] = [];
  const sample: Outcome[] = [];
  for (let r = 0; r < rounds; r++) {
    sample.length = 0;
    for (const g of groups) for (let i = 0; i < g.length; i++) sample.push(g[next() % g.length]);
    const s = auditScores(sample);
    ps.push(s.precision);
    rs.push(s.recall);
  }
  const interval = (xs: number[]): [number, number] => {
    xs.sort((x, y) => x - y);
    return [xs[Math.floor(rounds * 0.025)], xs[Math.ceil(rounds * 0.975) - 1]];
  };
  return { precision: interval(ps), recall: interval(rs) };
}
