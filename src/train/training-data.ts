/**
 * The bundled training pairs (data/train-gold.jsonl, data/train-audit.jsonl): the labelled pairs
 * the bundled model was fitted on, as texts, so that `neardup train` can refit on them plus a
 * reader's labels without ../shared beside the install. Texts rather than feature vectors: the
 * features are computed by the build that reads them, so a build with other features still fits.
 * `npm run train` writes both files from ../shared/data/gold with each pair's fold and weight.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DedupOptions } from '../options/options.js';
import { DATA_DIR } from '../verify/corpus-stats.js';
import { pairScorer, type LabelledRow, type ScoredPair } from './scored-pair.js';

/** The gold pairs (dev + train) and the audit pairs, each file with its own lines. */
export const TRAINING_FILES = { gold: 'train-gold.jsonl', audit: 'train-audit.jsonl' } as const;

/** One bundled pair: the gold schema plus its set, fold and weight in the fit. */
interface TrainingLine extends LabelledRow {
  pid: string;
  source: string;
  set: 'dev' | 'train' | 'audit';
  fold: string;
  weight?: number;
}

/**
 * The lines of a bundled training file for these pairs, in their order (deterministic: the same
 * pairs give the same bytes).
 */
export function trainingText(pairs: readonly ScoredPair[]): string {
  let out = '';
  for (const p of pairs) {
    const line: TrainingLine = {
      pid: p.pid,
      a: p.a,
      b: p.b,
      date_a: p.date_a,
      date_b: p.date_b,
      label: p.positive ? 'dup' : 'diff',
      source: p.source,
      set: p.set as TrainingLine['set'],
      fold: p.fold,
      ...(p.weight !== undefined && { weight: p.weight }),
    };
    out += `${JSON.stringify(line)}\n`;
  }
  return out;
}

/** A bundled file's lines; a missing or broken file says how to make it again. */
function readTraining(name: string): TrainingLine[] {
  const path = join(DATA_DIR, name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(
      `${path}: the bundled training pairs cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); reinstall neardup, or run npm run train in a checkout with ../shared beside it`,
    );
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as TrainingLine;
      } catch (e) {
        throw new Error(`${path}:${i + 1}: not JSON (${(e as Error).message}); reinstall neardup`);
      }
    });
}

/**
 * The bundled training pairs, scored under these options: gold pairs (weight 1) first, then the
 * audit pairs with their stratum weights.
 * @example loadTrainingPairs().length // 2996
 */
export function loadTrainingPairs(options: DedupOptions = {}): ScoredPair[] {
  const score = pairScorer(options);
  return [...readTraining(TRAINING_FILES.gold), ...readTraining(TRAINING_FILES.audit)].map((r) => ({
    pid: r.pid,
    a: r.a,
    b: r.b,
    date_a: r.date_a,
    date_b: r.date_b,
    set: r.set,
    source: r.source,
    fold: r.fold,
    ...(r.weight !== undefined && { weight: r.weight }),
    ...score(r),
  }));
}
