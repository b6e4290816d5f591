/**
 * `npm run train`: fits the decision model on every labelled pair (gold dev + train, and the audit
 * pairs weighted by their strata, see auditTrainingPairs) and writes
 * data/model-weights.json. Two cut-offs: the possible-duplicate one is the best-F1 one over
 * leave-one-source-out predictions of the gold pairs; the removal one is the lowest at which dedup
 * runs over the audit slices (../shared/data/gold/audit.jsonl, in corpus context), each source
 * decided by a model fitted without it, remove with weighted precision TARGET_PRECISION: the
 * precision a corpus the model has not seen can expect, not the higher one of its own pairs.
 * Deterministic: the same pairs give the same bytes. The pairs themselves go to
 * data/train-gold.jsonl and data/train-audit.jsonl, which `neardup train` refits on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../src/verify/corpus-stats.js';
import { MODEL_FILE, type ModelWeights } from '../src/verify/model.js';
import type { ModelSpec } from './lib/fit.js';
import { scoreGold, type ScoredPair } from './lib/gold.js';
import { loadAudit, loadSlices } from './lib/audit.js';
import {
  auditLoso,
  auditTrainingPairs,
  fitWeights,
  lowestCutoffReaching,
  type AuditCorpus,
} from './lib/audit-loso.js';
import { MODEL_SPEC } from './lib/model-config.js';
import { TRAINING_FILES, trainingText } from '../src/train/training-data.js';
import { roundedWeights } from '../src/train/train-model.js';

/** The weights file's text for these pairs, its removal cut-off chosen on the audit corpus. */
export async function trainWeights(
  pairs: readonly ScoredPair[],
  corpus: AuditCorpus,
  spec: ModelSpec = MODEL_SPEC,
): Promise<string> {
  const fitted = fitWeights([...pairs, ...auditTrainingPairs(corpus.rows, pairs.length)], spec);
  const held = await auditLoso(corpus, pairs, spec);
  const cutoff = lowestCutoffReaching((c) => held.flatMap((h) => h.byCutoff.get(c)!));
  return JSON.stringify(roundedWeights({ ...fitted, cutoff }), null, 2) + '\n';
}

async function main(): Promise<void> {
  const pairs = scoreGold();
  const corpus = { rows: loadAudit(), slices: loadSlices() };
  const text = await trainWeights(pairs, corpus);
  const path = join(DATA_DIR, MODEL_FILE);
  writeFileSync(path, text);
  // The pairs the weights were fitted on, bundled for `neardup train` (its users have no ../shared).
  writeFileSync(join(DATA_DIR, TRAINING_FILES.gold), trainingText(pairs));
  writeFileSync(
    join(DATA_DIR, TRAINING_FILES.audit),
    trainingText(auditTrainingPairs(corpus.rows, pairs.length)),
  );
  const w = JSON.parse(text) as ModelWeights;
  console.log(
    `${path}: ${w.features.length} features, λ ${w.lambda}, cut-off ${w.cutoff} (possible duplicates from ${w.possibleCutoff}), fitted on ${w.trainedOn.pairs} pairs the model may accept (${w.trainedOn.positives} duplicates) of ${pairs.length} gold and ${corpus.rows.length} audit pairs`,
  );
}

if (process.argv[1]?.endsWith('train.js'))
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
