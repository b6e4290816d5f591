/**
 * `neardup dedup INPUT`: read → dedup → write the deduplicated corpus, the clusters and a summary.
 * Outputs are created only after the whole input has been read and clustered, so an input error
 * leaves no output file behind. The writers of the report, the annotated records and the decided
 * pairs are loaded when their flag asks for them: every run loads what it imports before it reads
 * a line.
 */
import { Command } from 'commander';
import type { DedupResult } from '../engine/dedup.js';
import { defaultThreads } from '../engine/pool.js';
import {
  AtomicFile,
  abortAll,
  checkDistinctOutputs,
  checkOutputPath,
  commitAll,
} from '../files/atomic-file.js';
import { detectFormat, type InputFormat } from '../read/format.js';
import { inputFormat } from '../read/sniff-format.js';
import { openInput } from '../read/open-input.js';
import type { InputProblem, RecordReadOptions } from '../read/records.js';
import { writeClusters, writeKept, writeKeptLines } from '../write/write-outputs.js';
import { writeKeptSpans } from '../write/write-spans.js';
import { collectTexts } from '../read/collect-texts.js';
import type { Cluster } from '../cluster/clusters.js';
import { NeardupError } from '../errors.js';
import { possibleByKept } from '../cluster/possible.js';
import {
  CANONICAL_POLICIES,
  LINKAGES,
  resolveOptions,
  type CanonicalPolicy,
  type Linkage,
} from '../options/options.js';
import { OPTION_FLAGS } from '../options/option-flags.js';
import { addEngineFlags, engineOptions, type EngineFlags } from './engine-flags.js';
import { counted } from './counted.js';
import { addInputFlags, readOptionsFrom, type InputFlags } from './input-flags.js';
import { parseChoice, parseInteger, parseThreads } from './parse-args.js';
import { readAndDedup } from './read-input.js';
import { findRepeatedIds } from '../cluster/duplicate-ids.js';
import { defaultMaxMemory, defaultMaxMemoryHelp, parseMemory } from './memory-bound.js';
import { Progress, progressWanted } from './progress.js';
import { checkOneStdout } from './stdout-outputs.js';
import { checkFields } from './check-fields.js';
import { surveyFields } from '../read/field-survey.js';
import { thousands } from '../text/thousands.js';

interface DedupFlags extends EngineFlags, InputFlags {
  output?: string;
  clusters?: string;
  annotate?: string;
  report?: string;
  pairs?: string;
  reportClusters: number;
  canonical?: CanonicalPolicy;
  linkage?: Linkage;
  threads?: number;
  maxMemory?: number;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
}

const EXAMPLES = `
Examples:
  $ neardup dedup data/seed_headlines.txt --clusters -
  $ neardup dedup corpus.jsonl -o clean.jsonl --clusters clusters.jsonl --text-field title
  $ zcat feed.jsonl.gz | neardup dedup - --format jsonl --json -o clean.jsonl
  $ neardup dedup items.csv -o clean.csv --canonical earliest --date-field published`;

export function dedupCommand(): Command {
  const cmd = new Command('dedup')
    .description('find near-duplicate records, cluster them and keep one canonical record per cluster')
    .argument('<input>', 'input file (.jsonl/.ndjson, .csv, .tsv, .txt, optionally .gz), or - for stdin')
    .option(
      '-o, --output <file>',
      'write the deduplicated corpus (canonical records, unchanged) here; - for stdout',
    )
    .option('--clusters <file>', 'write clusters of two or more as JSONL here; - for stdout')
    .option(
      '--annotate <file>',
      'write every record with cluster, canonical, duplicate_of and similarity added; - for stdout',
    )
    .option(
      '--report <file>',
      'write a self-contained HTML report: summary, S-curve, histograms, searchable clusters',
    )
    .option(
      '--pairs <file>',
      'write every pair the decision accepted or found a possible duplicate as JSONL here: both texts, ids and dates, similarity, probability, rule (readable by neardup pairs)',
    )
    .option(
      '--report-clusters <n>',
      'clusters to embed in the report, largest first',
      parseInteger('--report-clusters', 1),
      2000,
    )
    .option(
      `${OPTION_FLAGS.canonical} <policy>`,
      `which record of a cluster to keep: ${CANONICAL_POLICIES.join(', ')} (default: first)`,
      parseChoice(OPTION_FLAGS.canonical, CANONICAL_POLICIES),
    )
    .option(
      `${OPTION_FLAGS.linkage} <rule>`,
      `how pairs become clusters: ${LINKAGES.join(', ')} (default: star — every removed record is a verified duplicate of the one kept; components joins chains of pairs into story threads)`,
      parseChoice(OPTION_FLAGS.linkage, LINKAGES),
    );
  addInputFlags(cmd);
  addEngineFlags(cmd);
  return cmd
    .option(
      '--threads <n>',
      `worker threads (default: ${defaultThreads()}, the available cores)`,
      parseThreads('--threads'),
    )
    .option(
      '--max-memory <size>',
      `stop while reading, with the estimate, when the run's peak memory would pass this (MB, or 512M, 2G; ${defaultMaxMemoryHelp()})`,
      parseMemory,
    )
    .option('--force', 'replace output files that already exist')
    .option('--json', 'print a one-line JSON summary on stdout')
    .option('--quiet', 'no progress and no summary on stderr')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .addHelpText('after', EXAMPLES)
    .action(async (input: string, flags: DedupFlags, command: Command) => runDedup(input, flags, command));
}

async function runDedup(input: string, flags: DedupFlags, cmd: Command): Promise<void> {
  // Standard input without --format is told by its first bytes, once spooled (below).
  const byName = input === '-' && flags.format === undefined ? undefined : detectFormat(input, flags.format);
  const options = resolveOptions(engineOptions(flags));
  const outputs = [
    ['-o', flags.output],
    ['--clusters', flags.clusters],
    ['--annotate', flags.annotate],
    ['--report', flags.report],
    ['--pairs', flags.pairs],
    ['--rejects', flags.rejects],
  ] as const;
  checkOneStdout(outputs, flags.json ?? false);
  await checkDistinctOutputs(outputs);
  for (const [flag, path] of outputs) {
    if (path !== undefined) await checkOutputPath(path, input, flags.force ?? false, flag);
  }
  // Flag mistakes that the format shows are usage errors before any input is read.
  if (byName !== undefined) readOptionsFrom(byName, flags, options.match !== 'title');
  const source = await openInput(input);
  let format: InputFormat;
  let readOptions: RecordReadOptions;
  try {
    format = byName ?? (await inputFormat(input, source.path));
    readOptions = readOptionsFrom(format, flags, options.match !== 'title');
    const survey = await surveyFields(source.path, format, [flags.textField, flags.dateField, flags.idField]);
    const named = (key: string) => cmd.getOptionValueSource(key) === 'cli';
    const warnings = checkFields(source.name, survey, {
      ...flags,
      idNamed: named('idField'),
      dateNamed: named('dateField'),
      canonical: options.canonical,
    });
    if (!flags.quiet) for (const w of warnings) process.stderr.write(`neardup: ${w}\n`);
  } catch (error) {
    await source.release();
    throw error;
  }
  const progress = new Progress(progressWanted(flags));
  const files: AtomicFile[] = [];
  try {
    const readProgress = { read: 0, total: 0 };
    const { result, byLines, recordLines, rejected, spans } = await readAndDedup(
      source,
      format,
      readOptions,
      options,
      {
        threads: flags.threads ?? defaultThreads(),
        onProgress: (n) =>
          progress.update(n, readProgress.total ? readProgress.read / readProgress.total : undefined),
        onStage: (stage, done, total) => progress.engine(stage, done, total),
        ...(flags.pairs !== undefined && { recordPairs: true }),
      },
      readProgress,
      flags.maxMemory ?? defaultMaxMemory(),
    );
    // The input as the passes that read records back need it.
    const readBack = {
      path: source.path,
      name: source.name,
      format,
      readOptions,
      recordLines,
      ...(spans && { spans }),
    };
    const writeStarted = performance.now();
    progress.stage('writing', 'outputs');
    const repeated = format === 'text' ? [] : findRepeatedIds(result.ids);
    if (repeated.length > 0 && flags.onError === 'fail') {
      const r = repeated[0];
      throw new NeardupError(
        'E_INPUT',
        `${source.name}:${recordLines[r.index]}: field "${flags.idField}": id ${JSON.stringify(r.id)} repeats the id of line ${recordLines[r.first]} ` +
          `(${counted(repeated.length, 'record repeats', 'records repeat')} an earlier id); ids must be unique — name another field with --id-field, or --on-error skip to go on`,
      );
    }
    const printClusters =
      [flags.output, flags.clusters, flags.annotate, flags.report, flags.pairs].every(
        (f) => f === undefined,
      ) && !flags.json;
    // The kept records (a second read of the input: I/O and gunzip off the main thread) and the
    // clusters file (JSON on the main thread) are written at the same time.
    const writing: Promise<unknown>[] = [];
    if (flags.output !== undefined) {
      const out = new AtomicFile(flags.output);
      files.push(out);
      if (spans) {
        // Byte ranges the read pass located: a copy of the input past them, nothing parsed again.
        const kept = spans.kept((i) => result.canonicalOf[i] === i);
        writing.push(writeKeptSpans(source.path, kept, out, progress.writing(kept.starts.length)));
      } else if (byLines) {
        const lines = recordLines;
        const keep = new Uint8Array((lines[lines.length - 1] ?? 0) + 1);
        for (let i = 0; i < lines.length; i++) if (result.canonicalOf[i] === i) keep[lines[i]] = 1;
        writing.push(writeKeptLines(source.path, keep, out, undefined, progress.writing(keep.length - 1)));
      } else {
        const meter = progress.writing(result.counts.items);
        writing.push(
          writeKept(source.path, source.name, readOptions, (i) => result.canonicalOf[i] === i, out, meter),
        );
      }
    }
    const clustersTarget = flags.clusters ?? (printClusters ? '-' : undefined);
    if (clustersTarget !== undefined) {
      const out = new AtomicFile(clustersTarget);
      files.push(out);
      writing.push(
        writeClusters(result.table, out, progress.writing(result.table.starts[result.table.count]), result),
      );
    }
    const written = await Promise.allSettled(writing);
    const failed = written.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (failed) throw failed.reason;
    if (flags.annotate !== undefined) {
      const out = new AtomicFile(flags.annotate);
      files.push(out);
      progress.stage('writing', 'annotated records');
      const { writeAnnotated } = await import('../write/annotate.js');
      await writeAnnotated(readBack, result, out);
    }
    let topTexts = new Map<number, string>();
    let topBodies = new Map<number, string>();
    let topDates = new Map<number, string>();
    // The largest clusters: the report's, or the three the summary shows.
    const top = result.table
      .largest(flags.report !== undefined ? flags.reportClusters : flags.quiet ? 0 : 3)
      .map((k) => result.table.cluster(k));
    if (top.length > 0) {
      const possibleBy =
        flags.report !== undefined ? possibleByKept(result.possibleOf) : new Map<number, number[]>();
      const wanted = new Set(
        flags.report !== undefined
          ? top.flatMap((c) => [
              ...c.members.map((m) => m.index),
              ...(possibleBy.get(c.members[0].index) ?? []),
            ])
          : top.map((c) => c.members[0].index),
      );
      ({ texts: topTexts, bodies: topBodies, dates: topDates } = await collectTexts(readBack, wanted));
    }
    if (flags.report !== undefined) {
      const out = new AtomicFile(flags.report);
      files.push(out);
      progress.stage('writing', 'report');
      const [{ reportHtml }, { buildReportData }] = await Promise.all([
        import('../report/html.js'),
        import('../report/report-data.js'),
      ]);
      await out.write(
        reportHtml(
          buildReportData(
            result,
            top,
            topTexts,
            source.name,
            engineOptions(flags),
            { skipped: rejected.length, threads: flags.threads ?? defaultThreads() },
            topBodies,
            topDates,
          ),
        ),
      );
    }
    if (flags.pairs !== undefined) {
      const out = new AtomicFile(flags.pairs);
      files.push(out);
      progress.stage('writing', 'decided pairs');
      const { writeDecidedPairs } = await import('../write/decided-pairs.js');
      await writeDecidedPairs(result, readBack, out);
    }
    if (flags.rejects !== undefined) {
      const out = new AtomicFile(flags.rejects);
      files.push(out);
      for (const p of rejected) await out.write(p.raw + '\n');
    }
    progress.stage('writing', 'committing outputs');
    // All outputs or none: a failed rename puts back the ones before it, a signal waits for it.
    await commitAll(files);
    progress.done();
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    if (flags.json)
      process.stdout.write(
        JSON.stringify(summary(result, rejected.length, repeated.length, writeSeconds)) + '\n',
      );
    if (!flags.quiet)
      process.stderr.write(
        humanSummary(result, rejected, repeated.length, source.name, top.slice(0, 3), topTexts),
      );
  } catch (error) {
    progress.abort();
    await abortAll();
    throw error;
  } finally {
    await source.release();
  }
}

/** The --json line. `writeSeconds`: checking ids and writing every output, after clustering. */
function summary(r: DedupResult, skipped: number, repeatedIds: number, writeSeconds: number) {
  return {
    items: r.counts.items,
    clusters: r.counts.clusters,
    duplicates: r.counts.duplicates,
    kept: r.counts.kept,
    empty: r.counts.empty,
    possible: r.counts.possible,
    skipped,
    repeated_ids: repeatedIds,
    bands: r.options.bands,
    rows: r.options.rows,
    threshold: r.options.threshold,
    ...(r.options.match !== 'title' && {
      match: r.options.match,
      body_threshold: r.options.bodyThreshold,
      body_bands: r.options.bodyBands,
      body_rows: r.options.bodyRows,
    }),
    linkage: r.options.linkage,
    candidates: r.stats.candidates,
    giant_buckets: r.stats.giantBuckets,
    seconds: Math.round(r.seconds * 1000) / 1000,
    timings: Object.fromEntries(
      Object.entries({ ...r.timings, write: writeSeconds }).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
    ),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** The thresholds and bands of the fields that decide: titles, bodies or both (`--match`). */
function thresholds(o: DedupResult['options']): string {
  const title = `threshold ${o.threshold}, ${o.bands}×${o.rows} bands`;
  const body = `body threshold ${o.bodyThreshold}, ${o.bodyBands}×${o.bodyRows} bands`;
  return o.match === 'title' ? title : o.match === 'body' ? body : `${title}; ${body}`;
}

function humanSummary(
  r: DedupResult,
  rejected: readonly InputProblem[],
  repeatedIds: number,
  name: string,
  top: readonly Cluster[],
  texts: ReadonlyMap<number, string>,
): string {
  const c = r.counts;
  let s = `${name}: ${counted(c.items, 'record')} → ${thousands(c.kept)} kept; ${counted(c.clusters, 'cluster')}, ${counted(c.duplicates, 'duplicate')} removed`;
  s += ` (${thresholds(r.options)}, ${r.options.linkage} linkage, ${r.seconds.toFixed(2)} s)\n`;
  if (c.possible > 0)
    s += `  ${counted(c.possible, 'kept record is a possible duplicate', 'kept records are possible duplicates')} of another kept record (not removed; see possible_of in --annotate, possible in --clusters)\n`;
  if (c.empty > 0)
    s += `  ${counted(c.empty, 'record')} had no text to compare; ${c.empty === 1 ? 'it is' : 'they are'} kept and match nothing\n`;
  if (rejected.length > 0) {
    s += `  ${counted(rejected.length, 'record')} skipped; first: line ${rejected[0].line}: ${rejected[0].message}\n`;
  }
  if (repeatedIds > 0)
    s += `  ${counted(repeatedIds, "record repeats an earlier record's id; its id is", "records repeat an earlier record's id; their ids are")} ambiguous in the outputs\n`;
  if (r.stats.giantBuckets > 0)
    s += `  ${counted(r.stats.giantBuckets, 'oversized LSH bucket was', 'oversized LSH buckets were')} compared along a chain only\n`;
  if (top.length > 0) {
    s += '  largest clusters:\n';
    for (const t of top) {
      const text = texts.get(t.members[0].index);
      s += `    ${String(t.size).padStart(5)} × ${text !== undefined ? text.slice(0, 60) : t.canonical}\n`;
    }
  }
  return s;
}
