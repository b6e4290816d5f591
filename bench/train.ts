/**
 * `npm run train`: fits the decision model on every labelled pair (gold dev + train) and writes
 * data/model-weights.json. The cut-off is the best-F1 one over leave-one-source-out predictions
 * (never in-sample). Deterministic: the same pairs give the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../src/verify/corpus-stats.js';
import { MODEL_FILE, type ModelWeights } from '../src/verify/model.js';
import { chooseCutoffs, fitModel, type ModelSpec } from './lib/fit.js';
import { scoreGold, type ScoredPair } from './lib/gold.js';
import { MODEL_SPEC } from './lib/model-config.js';

/** Rounds to 6 significant digits: the file stays readable, and stable across floating-point noise. */
const round = (x: number) => Number(x.toPrecision(6));

/** The weights file's text for these pairs. */
export function trainWeights(pairs: readonly ScoredPair[], spec: ModelSpec = MODEL_SPEC): string {
  const cutoffs = chooseCutoffs(pairs, spec);
  const w = fitModel(pairs, spec, cutoffs).weights;
  const out: ModelWeights = {
    ...w,
    mean: w.mean.map(round),
    scale: w.scale.map(round),
    weights: w.weights.map(round),
    bias: round(w.bias),
    cutoff: round(w.cutoff),
    ...(w.replacedCutoff !== undefined && { replacedCutoff: round(w.replacedCutoff) }),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function main(): void {
  const pairs = scoreGold();
  const text = trainWeights(pairs);
  const path = join(DATA_DIR, MODEL_FILE);
  writeFileSync(path, text);
  const w = JSON.parse(text) as ModelWeights;
  console.log(
    `${path}: ${w.features.length} features, λ ${w.lambda}, cut-off ${w.cutoff}, fitted on ${w.trainedOn.pairs} pairs the model may accept (${w.trainedOn.positives} duplicates) of ${pairs.length}`,
  );
}

if (process.argv[1]?.endsWith('train.js')) main();
