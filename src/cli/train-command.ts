/**
 * `neardup train LABELS… -o model.json`: refits the learned decision on the bundled training pairs
 * plus a reader's labels (written by `neardup review`), with the removal cut-off chosen for a
 * target precision on those labels by cross-validation, and prints the precision/recall table
 * over cut-offs. The same labels give the same file, byte for byte.
 */
import { Command } from 'commander';
import { AtomicFile, abortAll, checkOutputPath, commitAll } from '../files/atomic-file.js';
import { NeardupError } from '../errors.js';
import { pairKey, readLabels, type LabelLine } from '../train/labels.js';
import { pairScorer, type ScoredPair } from '../train/scored-pair.js';
import { loadTrainingPairs } from '../train/training-data.js';
import { specOf } from '../train/fit.js';
import {
  DEFAULT_TARGET_PRECISION,
  LABELS_WORTH,
  trainModel,
  type TrainResult,
} from '../train/train-model.js';
import { requireModel } from '../verify/model-decision.js';
import { counted } from './counted.js';
import { parseNumber } from './parse-args.js';

interface TrainFlags {
  output: string;
  targetPrecision?: number;
  force?: boolean;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ neardup review corpus.jsonl --labels labels.jsonl
  $ neardup train labels.jsonl -o model.json
  $ neardup dedup corpus.jsonl --model model.json -o clean.jsonl`;

export function trainCommand(): Command {
  return new Command('train')
    .description(
      "fit the decision to a corpus: the bundled training pairs plus a reader's labels (neardup review), the cut-off chosen for a target precision on the labels",
    )
    .argument('<labels...>', 'labels files (JSONL: a, b, date_a, date_b, label "dup" or "diff")')
    .requiredOption('-o, --output <file>', 'write the model file here (use it with --model)')
    .option(
      '--target-precision <p>',
      `removal precision the cut-off is chosen for, measured on the labels by ${5}-fold cross-validation (default: ${DEFAULT_TARGET_PRECISION})`,
      parseNumber('--target-precision'),
    )
    .option('--force', 'replace the model file if it exists')
    .option('--json', 'print the table and the chosen cut-off as JSON')
    .addHelpText(
      'after',
      `\n${LABELS_WORTH} labels weigh as much as all the bundled training pairs together.\n${EXAMPLES}`,
    )
    .action(async (files: string[], flags: TrainFlags) => runTrain(files, flags));
}

async function runTrain(files: string[], flags: TrainFlags): Promise<void> {
  const target = flags.targetPrecision ?? DEFAULT_TARGET_PRECISION;
  if (!(target > 0 && target < 1))
    throw new RangeError(`--target-precision must be a number in (0, 1); got ${target}`);
  for (const f of files) await checkOutputPath(flags.output, f, flags.force ?? false, '-o');
  if (flags.output === '-') throw new NeardupError('E_USAGE', '-o must name a file, not stdout');
  // Across files too, a pair labelled twice keeps its last label.
  const byKey = new Map<string, LabelLine>();
  for (const f of files)
    for (const l of readLabels(f)) {
      byKey.delete(pairKey(l));
      byKey.set(pairKey(l), l);
    }
  const rows = [...byKey.values()];
  if (rows.length === 0)
    throw new NeardupError(
      'E_INPUT',
      `${files.join(', ')}: no labels; label pairs with neardup review first`,
    );
  const score = pairScorer();
  const labels: ScoredPair[] = rows.map((r, i) => ({
    pid: r.pid ?? `label${i + 1}`,
    a: r.a,
    b: r.b,
    date_a: r.date_a,
    date_b: r.date_b,
    set: 'user',
    source: r.source ?? 'labels',
    fold: '',
    ...score(r),
  }));
  const bundled = requireModel().weights;
  const result = trainModel(loadTrainingPairs(), labels, specOf(bundled), {
    targetPrecision: target,
    baseCutoff: bundled.cutoff,
  });
  const out = new AtomicFile(flags.output);
  try {
    await out.write(`${JSON.stringify(result.weights, null, 2)}\n`);
    await commitAll([out]);
  } catch (error) {
    await abortAll();
    throw error;
  }
  process.stdout.write(
    flags.json ? `${JSON.stringify(summary(result, flags.output))}\n` : report(result, target, flags.output),
  );
}

function summary(r: TrainResult, output: string) {
  return {
    output,
    labels: r.labels,
    duplicates: r.positives,
    cutoff: r.weights.cutoff,
    possible_cutoff: r.weights.possibleCutoff,
    reached: r.reached,
    precision_interval: r.interval.map((x) => Number(x.toFixed(4))),
    more_labels: r.moreLabels,
    table: r.table.map((t) => ({
      ...t,
      precision: Number(t.precision.toFixed(4)),
      recall: Number(t.recall.toFixed(4)),
    })),
  };
}

function report(r: TrainResult, target: number, output: string): string {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `${counted(r.labels, 'label')} (${r.positives} duplicates), each weighing 1/${LABELS_WORTH} of the bundled training pairs`,
    '',
    'cut-off  removed  precision  recall   (on the labels, 5-fold cross-validation)',
  ];
  for (const t of r.table)
    lines.push(
      `${t.cutoff.toFixed(2).padStart(7)}  ${String(t.removed).padStart(7)}  ${f(t.precision).padStart(9)}  ${f(t.recall).padStart(6)}${t.cutoff === r.weights.cutoff ? '   ← chosen' : ''}`,
    );
  lines.push('');
  lines.push(
    r.reached
      ? `cut-off ${r.weights.cutoff}: the labels' precision reaches ${target} there (the bundled cut-off, moved up only as far as the labels ask, down only where their 95% interval is above ${target})`
      : `cut-off ${r.weights.cutoff}: no cut-off reaches precision ${target} on the labels; the most precise one is used — label more pairs, or lower --target-precision`,
  );
  lines.push(
    `precision there: 95% interval ${f(r.interval[0])}–${f(r.interval[1])}; ${
      r.moreLabels === 0
        ? 'already within ±0.05'
        : `about ${r.moreLabels} labels more would narrow it to ±0.05`
    }`,
  );
  lines.push(
    `wrote ${output} (possible duplicates from ${r.weights.possibleCutoff}); use it with --model ${output}`,
  );
  return `${lines.join('\n')}\n`;
}
