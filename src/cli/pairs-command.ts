/**
 * `neardup pairs FILE`: score pairs of texts with the engine's decision. Each JSONL line with two
 * texts is written back with "similarity", "duplicate" and "rule" added — how users and
 * benchmarks score pairs. With `--label-field`, the decisions are scored against the labels
 * (`pair-metrics.ts`).
 */
import { Command } from 'commander';
import { AtomicFile, abortAll, checkDistinctOutputs, checkOutputPath } from '../files/atomic-file.js';
import { readLines } from '../read/lines.js';
import { openInput, readBytes } from '../read/open-input.js';
import { NeardupError } from '../errors.js';
import { describe } from '../read/record-fields.js';
import { getField } from '../read/fields.js';
import { createComparer } from '../compare/similarity.js';
import { formatMetrics, PairMetrics } from './pair-metrics.js';
import { addEngineFlags, engineOptions, PAIR_FLAGS_NOTE, type EngineFlags } from './engine-flags.js';

interface PairsFlags extends EngineFlags {
  output?: string;
  aField: string;
  bField: string;
  aDateField?: string;
  bDateField?: string;
  force?: boolean;
  labelField?: string;
  metrics?: string;
}

export function pairsCommand(): Command {
  const cmd = new Command('pairs')
    .description(
      'score pairs: each JSONL line with two texts gets "similarity", "duplicate" and "rule" added (and "probability" under the learned decision)',
    )
    .argument('<file>', 'JSONL file of pairs (optionally .gz), or - for stdin')
    .option('-o, --output <file>', 'write here instead of stdout')
    .option('--a-field <name>', 'field with the first text', 'a')
    .option('--b-field <name>', 'field with the second text', 'b')
    .option('--a-date-field <name>', "field with the first text's date (date-gap rule)")
    .option('--b-date-field <name>', "field with the second text's date")
    .option('--force', 'replace an existing output file')
    .option(
      '--label-field <name>',
      "field with the pair's label (true/false or 1/0): print precision, recall and F1, and a table over probability cut-offs, on stderr",
    )
    .option('--metrics <file>', 'with --label-field: also write those scores to this file as JSON');
  addEngineFlags(cmd, 'pair');
  return cmd
    .addHelpText(
      'after',
      `\n${PAIR_FLAGS_NOTE}\n` +
        '\nExample:\n  $ neardup pairs gold.jsonl --a-date-field date_a --b-date-field date_b -o scored.jsonl',
    )
    .action(async (file: string, flags: PairsFlags) => runPairs(file, flags));
}

/** Label values read as "duplicate" and as "not a duplicate" (the project's gold files write dup/diff). */
const LABEL_TRUE: readonly unknown[] = [true, 1, 'true', '1', 'dup', 'duplicate'];
const LABEL_FALSE: readonly unknown[] = [false, 0, 'false', '0', 'diff', 'different'];

/** A pair's label: true/false, 1/0, or dup/diff. */
function labelOf(value: unknown, field: string, where: string): boolean {
  if (LABEL_TRUE.includes(value)) return true;
  if (LABEL_FALSE.includes(value)) return false;
  throw new NeardupError(
    'E_INPUT',
    `${where}: field "${field}" must be a label: true or false, 1 or 0, "dup" or "diff"; got ${value === undefined ? 'nothing' : describe(value)} (name the label's field with --label-field)`,
  );
}

async function runPairs(file: string, flags: PairsFlags): Promise<void> {
  const compare = createComparer(engineOptions(flags));
  if (flags.metrics !== undefined && flags.labelField === undefined)
    throw new NeardupError('E_USAGE', "--metrics needs --label-field: name the field with each pair's label");
  await checkDistinctOutputs([
    ['-o', flags.output],
    ['--metrics', flags.metrics],
  ]);
  for (const [flag, path] of [
    ['-o', flags.output],
    ['--metrics', flags.metrics],
  ] as const) {
    if (path !== undefined) await checkOutputPath(path, file, flags.force ?? false, flag);
  }
  const metrics = flags.labelField === undefined ? undefined : new PairMetrics();
  const source = await openInput(file);
  const out = new AtomicFile(flags.output ?? '-');
  try {
    let buf = '';
    for await (const line of readLines(await readBytes(source.path))) {
      if (line.text.trim() === '') continue;
      const where = `${source.name}:${line.number}`;
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(line.text) as Record<string, unknown>;
      } catch (error) {
        throw new NeardupError('E_INPUT', `${where}: not valid JSON (${(error as Error).message})`);
      }
      const a = getField(obj, flags.aField);
      const b = getField(obj, flags.bField);
      for (const [name, v] of [
        [flags.aField, a],
        [flags.bField, b],
      ] as const) {
        if (typeof v !== 'string')
          throw new NeardupError(
            'E_INPUT',
            `${where}: field "${name}" must be a string; got ${v === undefined ? 'nothing' : describe(v)} (name the fields with --a-field and --b-field)`,
          );
      }
      const d = compare(
        { text: a as string, date: flags.aDateField ? getField(obj, flags.aDateField) : undefined },
        { text: b as string, date: flags.bDateField ? getField(obj, flags.bDateField) : undefined },
      );
      if (metrics && flags.labelField !== undefined)
        metrics.add(
          d.duplicate,
          // A pair a veto decided is removed at no cut-off, whatever its probability.
          d.veto !== undefined ? 0 : d.probability,
          labelOf(getField(obj, flags.labelField), flags.labelField, where),
        );
      const probability =
        d.probability === undefined ? {} : { probability: Math.round(d.probability * 10000) / 10000 };
      buf +=
        JSON.stringify({
          ...obj,
          similarity: Math.round(d.similarity * 10000) / 10000,
          duplicate: d.duplicate,
          rule: d.rule,
          ...probability,
        }) + '\n';
      if (buf.length > 1 << 16) {
        await out.write(buf);
        buf = '';
      }
    }
    if (buf) await out.write(buf);
    if (metrics && flags.labelField !== undefined) {
      const report = metrics.report();
      const files = [out];
      if (flags.metrics !== undefined) {
        const m = new AtomicFile(flags.metrics);
        await m.write(`${JSON.stringify(report)}\n`);
        files.push(m);
      }
      await AtomicFile.commitAll(files);
      process.stderr.write(formatMetrics(report, source.name, flags.labelField));
    } else await out.commit();
  } catch (error) {
    await abortAll();
    throw error;
  } finally {
    await source.release();
  }
}
