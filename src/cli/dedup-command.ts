/**
 * `neardup dedup INPUT`: read → dedup → write the deduplicated corpus, the clusters and a summary.
 * Outputs are created only after the whole input has been read and clustered, so an input error
 * leaves no output file behind.
 */
import { Command, Option } from 'commander';
import { GrowableU32 } from '../engine/corpus.js';
import { dedupTasks, type DedupResult } from '../engine/dedup.js';
import { defaultThreads } from '../engine/pool.js';
import { AtomicFile, abortAll, checkOutputPath } from '../io/atomic-file.js';
import { detectFormat } from '../io/format.js';
import { openInput } from '../io/open-input.js';
import { lineTasks, recordTasks } from '../io/file-tasks.js';
import { problemError, readRecords, type InputProblem, type RecordReadOptions } from '../io/records.js';
import { writeClusters, writeKept, writeKeptLines } from '../io/write-outputs.js';
import { CANONICAL_POLICIES, DEFAULTS, resolveOptions, type CanonicalPolicy } from '../options.js';
import { parseChoice, parseInteger, parseNumber } from './parse-args.js';
import { Progress, progressWanted } from './progress.js';

interface DedupFlags {
  output?: string;
  clusters?: string;
  format?: string;
  idField: string;
  textField: string;
  dateField: string;
  threshold?: number;
  ngram?: number;
  perms?: number;
  seed?: number;
  bands?: number;
  rows?: number;
  canonical?: CanonicalPolicy;
  fold: boolean;
  verify: boolean;
  threads?: number;
  batchSize?: number;
  onError: 'fail' | 'skip';
  rejects?: string;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
}

/** JSONL and text are cut into chunks of about batch size × this many bytes. */
const BYTES_PER_RECORD = 100;

const EXAMPLES = `
Examples:
  $ neardup dedup data/seed_headlines.txt --clusters -
  $ neardup dedup corpus.jsonl -o clean.jsonl --clusters clusters.jsonl --text-field title
  $ zcat feed.jsonl.gz | neardup dedup - --format jsonl --json -o clean.jsonl
  $ neardup dedup items.csv -o clean.csv --canonical earliest --date-field published`;

export function dedupCommand(): Command {
  return new Command('dedup')
    .description('find near-duplicate records, cluster them and keep one canonical record per cluster')
    .argument('<input>', 'input file (.jsonl/.ndjson, .csv, .tsv, .txt, optionally .gz), or - for stdin')
    .option('-o, --output <file>', 'write the deduplicated corpus (canonical records, unchanged) here; - for stdout')
    .option('--clusters <file>', 'write clusters of two or more as JSONL here; - for stdout')
    .addOption(new Option('--format <format>', 'input format (default: from the extension)').choices(['jsonl', 'csv', 'tsv', 'text']))
    .option('--id-field <name>', 'field with the record id (missing: the record number)', 'id')
    .option('--text-field <name>', 'field with the text to compare; dots reach into nested objects', 'title')
    .option('--date-field <name>', 'field with the date, for --canonical earliest', 'date')
    .option('--threshold <t>', `similarity at or above which records are duplicates (default: ${DEFAULTS.threshold})`, parseNumber('--threshold'))
    .option('--ngram <n>', `tokens per shingle (default: ${DEFAULTS.ngram})`, parseInteger('--ngram', 1))
    .option('--perms <k>', `MinHash permutations (default: ${DEFAULTS.perms})`, parseInteger('--perms', 1))
    .option('--seed <s>', `hash seed (default: ${DEFAULTS.seed})`, parseInteger('--seed', 0))
    .option('--bands <b>', 'LSH bands (default: chosen from --threshold and --perms)', parseInteger('--bands', 1))
    .option('--rows <r>', 'LSH rows per band (with --bands)', parseInteger('--rows', 1))
    .option('--canonical <policy>', `which record of a cluster to keep: ${CANONICAL_POLICIES.join(', ')} (default: first)`, parseChoice('--canonical', CANONICAL_POLICIES))
    .option('--no-fold', 'do not fold Traditional Chinese to Simplified')
    .option('--no-verify', 'keep LSH candidates without checking their similarity (plain MinHash-LSH)')
    .option('--threads <n>', `worker threads (default: ${defaultThreads()}, the available cores)`, parseInteger('--threads', 1))
    .option('--batch-size <n>', `records per worker batch, about ${BYTES_PER_RECORD} bytes each for JSONL/text (default: ${DEFAULTS.batchSize})`, parseInteger('--batch-size', 1))
    .addOption(new Option('--on-error <mode>', 'on a bad record: fail (exit 3, no output) or skip it and count it').choices(['fail', 'skip']).default('fail'))
    .option('--rejects <file>', 'with --on-error skip: write the skipped raw lines here')
    .option('--force', 'replace output files that already exist')
    .option('--json', 'print a one-line JSON summary on stdout')
    .option('--quiet', 'no progress and no summary on stderr')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .addHelpText('after', EXAMPLES)
    .action(async (input: string, flags: DedupFlags) => runDedup(input, flags));
}

async function runDedup(input: string, flags: DedupFlags): Promise<void> {
  const format = detectFormat(input, flags.format);
  const options = resolveOptions({
    threshold: flags.threshold,
    ngram: flags.ngram,
    perms: flags.perms,
    seed: flags.seed,
    bands: flags.bands,
    rows: flags.rows,
    canonical: flags.canonical,
    foldScript: flags.fold,
    verify: flags.verify,
    batchSize: flags.batchSize,
  });
  for (const [flag, path] of [['-o', flags.output], ['--clusters', flags.clusters], ['--rejects', flags.rejects]] as const) {
    if (path !== undefined) await checkOutputPath(path, input, flags.force ?? false, flag);
  }
  const readOptions: RecordReadOptions = {
    format,
    idField: flags.idField,
    textField: flags.textField,
    dateField: flags.dateField,
    onError: flags.onError,
  };
  const source = await openInput(input);
  const progress = new Progress(progressWanted(flags));
  const rejected: InputProblem[] = [];
  const files: AtomicFile[] = [];
  try {
    // JSONL and text: workers parse raw line chunks, and the line of every record is kept so the
    // output can be copied by line number. CSV/TSV: parsed here, written by a second parse.
    const byLines = format === 'jsonl' || format === 'text';
    const recordLines = new GrowableU32(1024);
    const onProblems = (problems: readonly InputProblem[]) => {
      if (problems.length === 0) return;
      if (flags.onError === 'fail') throw problemError(source.name, problems[0]);
      rejected.push(...problems);
    };
    const tasks = byLines
      ? lineTasks(source.path, format, readOptions, options.batchSize * BYTES_PER_RECORD)
      : recordTasks(readRecords(source.path, source.name, readOptions, (p) => rejected.push(p)), options.batchSize);
    const result = await dedupTasks(tasks, options, {
      threads: flags.threads ?? defaultThreads(),
      onProgress: (n) => progress.update(n),
      onParsed: (parsed) => {
        onProblems(parsed.problems);
        recordLines.append(parsed.lines);
      },
    });
    progress.done();
    const printClusters = flags.output === undefined && flags.clusters === undefined && !flags.json;
    if (flags.output !== undefined) {
      const out = new AtomicFile(flags.output);
      files.push(out);
      if (byLines) {
        const lines = recordLines.view();
        const keep = new Uint8Array((lines[lines.length - 1] ?? 0) + 1);
        for (let i = 0; i < lines.length; i++) if (result.canonicalOf[i] === i) keep[lines[i]] = 1;
        await writeKeptLines(source.path, keep, out);
      } else {
        await writeKept(source.path, source.name, readOptions, (i) => result.canonicalOf[i] === i, out);
      }
    }
    const clustersTarget = flags.clusters ?? (printClusters ? '-' : undefined);
    if (clustersTarget !== undefined) {
      const out = new AtomicFile(clustersTarget);
      files.push(out);
      await writeClusters(result.clusters, out);
    }
    if (flags.rejects !== undefined) {
      const out = new AtomicFile(flags.rejects);
      files.push(out);
      for (const p of rejected) await out.write(p.raw + '\n');
    }
    for (const f of files) await f.commit();
    if (flags.json) process.stdout.write(JSON.stringify(summary(result, rejected.length)) + '\n');
    if (!flags.quiet) process.stderr.write(humanSummary(result, rejected, source.name));
  } catch (error) {
    progress.done();
    await abortAll();
    throw error;
  } finally {
    await source.release();
  }
}

function summary(r: DedupResult, skipped: number) {
  return {
    items: r.counts.items,
    clusters: r.counts.clusters,
    duplicates: r.counts.duplicates,
    kept: r.counts.kept,
    empty: r.counts.empty,
    skipped,
    bands: r.options.bands,
    rows: r.options.rows,
    threshold: r.options.threshold,
    candidates: r.stats.candidates,
    giant_buckets: r.stats.giantBuckets,
    seconds: Math.round(r.seconds * 1000) / 1000,
    timings: Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
  };
}

function humanSummary(r: DedupResult, rejected: readonly InputProblem[], name: string): string {
  const c = r.counts;
  const fmt = (n: number) => n.toLocaleString('en-US');
  let s = `${name}: ${fmt(c.items)} records → ${fmt(c.kept)} kept; ${fmt(c.clusters)} clusters, ${fmt(c.duplicates)} duplicates removed`;
  s += ` (threshold ${r.options.threshold}, ${r.options.bands}×${r.options.rows} bands, ${r.seconds.toFixed(2)} s)\n`;
  if (c.empty > 0) s += `  ${fmt(c.empty)} records had no text to compare; they are kept and match nothing\n`;
  if (rejected.length > 0) {
    s += `  ${fmt(rejected.length)} records skipped; first: line ${rejected[0].line}: ${rejected[0].message}\n`;
  }
  if (r.stats.giantBuckets > 0) s += `  ${fmt(r.stats.giantBuckets)} oversized LSH buckets were compared along a chain only\n`;
  return s;
}
