/**
 * `neardup bench INPUT`: measure the pipeline on your own corpus — time per stage, records per
 * second, candidates and peak memory — without writing any output.
 */
import { Command } from 'commander';
import { defaultThreads } from '../engine/pool.js';
import { inputFormat } from '../read/sniff-format.js';
import { openInput } from '../read/open-input.js';
import { resolveOptions } from '../options/options.js';
import { addEngineFlags, engineOptions, type EngineFlags } from './engine-flags.js';
import { addInputFlags, readOptionsFrom, type InputFlags } from './input-flags.js';
import { parseInteger, parseThreads } from './parse-args.js';
import { readAndDedup } from './read-input.js';
import { defaultMaxMemory, defaultMaxMemoryHelp, parseMemory } from './memory-bound.js';
import { thousands } from '../text/thousands.js';

interface BenchFlags extends EngineFlags, InputFlags {
  threads?: number;
  repeat: number;
  maxMemory?: number;
  json?: boolean;
}

export function benchCommand(): Command {
  const cmd = new Command('bench')
    .description(
      'measure the dedup pipeline on a corpus: seconds per stage, records/s, peak memory (writes nothing)',
    )
    .argument('<input>', 'input file (any format dedup reads), or - for stdin');
  addInputFlags(cmd);
  addEngineFlags(cmd);
  return cmd
    .option('--threads <n>', `worker threads (default: ${defaultThreads()})`, parseThreads('--threads'))
    .option('--repeat <k>', 'runs to make; the table shows each', parseInteger('--repeat', 1), 1)
    .option(
      '--max-memory <size>',
      `stop while reading when a run's peak memory would pass this, as dedup does (MB, or 512M, 2G; ${defaultMaxMemoryHelp()})`,
      parseMemory,
    )
    .option('--json', 'one JSON line per run instead of the table')
    .addHelpText('after', '\nExample:\n  $ neardup bench corpus.jsonl.gz --threads 2 --repeat 3')
    .action(async (input: string, flags: BenchFlags) => runBench(input, flags));
}

async function runBench(input: string, flags: BenchFlags): Promise<void> {
  const options = resolveOptions(engineOptions(flags));
  const threads = flags.threads ?? defaultThreads();
  const source = await openInput(input);
  try {
    const format = await inputFormat(input, source.path, flags.format);
    const readOptions = readOptionsFrom(format, flags, options.match !== 'title');
    const rows: string[] = [];
    for (let run = 1; run <= flags.repeat; run++) {
      const started = performance.now();
      const { result } = await readAndDedup(
        source,
        format,
        readOptions,
        options,
        { threads },
        // The share of the file read, which lets the memory bound project the whole input.
        { read: 0, total: 0 },
        flags.maxMemory ?? defaultMaxMemory(),
      );
      const seconds = (performance.now() - started) / 1000;
      const n = result.counts.items;
      const line = {
        run,
        records: n,
        threads,
        seconds: round(seconds),
        records_per_second: Math.round(n / seconds),
        prepare_seconds: round(result.timings.prepare),
        link_seconds: round(result.timings.link),
        cluster_seconds: round(result.timings.cluster),
        candidates: result.stats.candidates,
        clusters: result.counts.clusters,
        duplicates: result.counts.duplicates,
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      };
      if (flags.json) process.stdout.write(JSON.stringify(line) + '\n');
      else {
        rows.push(
          `| ${run} | ${thousands(n)} | ${line.seconds} | ${thousands(line.records_per_second)} | ${line.prepare_seconds} | ${line.link_seconds} | ${line.cluster_seconds} | ${thousands(line.candidates)} | ${thousands(line.clusters)} | ${line.peak_rss_mb} |`,
        );
      }
    }
    if (!flags.json) {
      process.stdout.write(
        `neardup bench ${source.name}: ${threads} thread(s), threshold ${options.threshold}, ${options.bands}×${options.rows} bands, node ${process.version}\n\n` +
          '| run | records | seconds | records/s | read+prepare s | link s | cluster s | candidates | clusters | peak RSS MB |\n' +
          '|---|---|---|---|---|---|---|---|---|---|\n' +
          rows.join('\n') +
          '\n',
      );
    }
  } finally {
    await source.release();
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
