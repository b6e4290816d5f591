/**
 * The labelled headline pairs (../shared/data/gold/dev.jsonl and train.jsonl) as the training and
 * the evaluation read them: each pair with its fold (its `source`; sources with fewer than
 * MIN_FOLD pairs merged into one `small` fold), the rules' decision, the plain Jaccard and the
 * model's features (null for a pair the model may not accept).
 */
import type { DedupOptions } from '../../src/options/options.js';
import { pairScorer, type LabelledRow, type ScoredPair } from '../../src/train/scored-pair.js';
import { readJsonl, sharedPath } from './shared-data.js';

export type { ScoredPair } from '../../src/train/scored-pair.js';

/** A source with fewer labelled pairs than this is merged into the `small` fold. */
export const MIN_FOLD = 20;
export const SMALL_FOLD = 'small';

/** A gold pair as dev.jsonl and train.jsonl hold it: the labelled-pair schema, with its id. */
export type GoldRow = LabelledRow & { pid: string };

export function loadGold(): GoldRow[][] {
  return [
    readJsonl<GoldRow>(sharedPath('gold/dev.jsonl')),
    readJsonl<GoldRow>(sharedPath('gold/train.jsonl')),
  ];
}

/** Scores every labelled pair once: rules, Jaccard, features. */
export function scoreGold(options: DedupOptions = {}, sets = loadGold()): ScoredPair[] {
  const score = pairScorer(options);
  const rows = sets.flatMap((rs, k) =>
    rs.map((r) => ({
      ...r,
      set: (k === 0 ? 'dev' : 'train') as 'dev' | 'train',
      source: r.source ?? 'unknown',
    })),
  );
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.source, (counts.get(r.source) ?? 0) + 1);
  return rows.map((r) => ({
    pid: r.pid,
    a: r.a,
    b: r.b,
    date_a: r.date_a,
    date_b: r.date_b,
    set: r.set,
    source: r.source,
    fold: (counts.get(r.source) ?? 0) < MIN_FOLD ? SMALL_FOLD : r.source,
    ...score(r),
  }));
}
