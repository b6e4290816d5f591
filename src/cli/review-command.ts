/**
 * `neardup review INPUT --labels FILE`: runs the dedup, then serves a page on 127.0.0.1 where a
 * reader labels the pairs most worth their time (nearest the cut-off, removed and possible
 * duplicates, one per frame), one at a time. Every label is appended to FILE at once; a restart
 * resumes and never offers a labelled pair again. `neardup train FILE -o model.json` fits on them.
 */
import { basename } from 'node:path';
import { Command } from 'commander';
import { defaultThreads } from '../engine/pool.js';
import { detectFormat } from '../read/format.js';
import { openInput } from '../read/open-input.js';
import { collectTexts } from '../read/collect-texts.js';
import { resolveOptions } from '../options/options.js';
import { originalDiff } from '../report/original-diff.js';
import { frameOf } from '../review/frame.js';
import { offerable } from '../review/pick-pairs.js';
import { LabelLog } from '../review/label-log.js';
import { ReviewLoop } from '../review/review-loop.js';
import { serveReview } from '../review/review-server.js';
import { ReviewSession, type ReviewItem } from '../review/review-session.js';
import { specOf } from '../train/fit.js';
import { pairKey } from '../train/labels.js';
import { pairScorer } from '../train/scored-pair.js';
import { loadTrainingPairs } from '../train/training-data.js';
import { possibleCutoff, requireModel } from '../verify/model-decision.js';
import { NeardupError } from '../errors.js';
import { addEngineFlags, engineOptions, type EngineFlags } from './engine-flags.js';
import { addInputFlags, readOptionsFrom, type InputFlags } from './input-flags.js';
import { parseInteger, parseThreads } from './parse-args.js';
import { readAndDedup } from './read-input.js';
import { onGracefulShutdown } from './shutdown.js';
import { counted } from './counted.js';

interface ReviewFlags extends EngineFlags, InputFlags {
  labels: string;
  port: number;
  threads?: number;
}

/** Pairs nearest the cut-off kept as candidates: each batch refits and rescores them all. */
export const MAX_CANDIDATES = 5000;

export function reviewCommand(): Command {
  const cmd = new Command('review')
    .description(
      'label the pairs nearest the cut-off in the browser (127.0.0.1 only), to fit the decision to a corpus with neardup train',
    )
    .argument('<input>', 'input file (.jsonl/.ndjson, .csv, .tsv, .txt, optionally .gz)')
    .requiredOption('--labels <file>', 'append each label here (JSONL; created if missing, resumed if not)')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free one)', parseInteger('--port', 0), 8377);
  addInputFlags(cmd);
  addEngineFlags(cmd);
  return cmd
    .option('--threads <n>', `worker threads (default: ${defaultThreads()})`, parseThreads('--threads'))
    .addHelpText(
      'after',
      '\nKeys on the page: d duplicate, n different, s skip, u undo. Stop with Ctrl-C.\n\nExamples:\n  $ neardup review corpus.jsonl --labels labels.jsonl\n  $ neardup train labels.jsonl -o model.json',
    )
    .action(async (input: string, flags: ReviewFlags) => runReview(input, flags));
}

async function runReview(input: string, flags: ReviewFlags): Promise<void> {
  if (input === '-')
    throw new NeardupError('E_USAGE', 'review reads a file, not standard input: name the file');
  const options = resolveOptions(engineOptions(flags));
  if (options.decision !== 'model')
    throw new NeardupError('E_USAGE', 'review fits the learned decision: leave out --decision rules');
  // The labels file is opened (and checked) before the minutes a large input takes.
  const log = new LabelLog(flags.labels);
  const source = await openInput(input);
  let items: ReviewItem[];
  try {
    const readOptions = readOptionsFrom(detectFormat(input, flags.format), flags, options.match !== 'title');
    const { result, recordLines, spans } = await readAndDedup(
      source,
      readOptions.format,
      readOptions,
      options,
      {
        threads: flags.threads ?? defaultThreads(),
        recordPairs: true,
      },
    );
    const model = requireModel(options);
    const cutoff = options.cutoff ?? model.weights.cutoff;
    const logit = (p: number) => Math.log(Math.max(p, 1e-9) / Math.max(1 - p, 1e-9));
    const near = [...(result.pairs ?? [])]
      .filter((p) => p.probability !== undefined)
      .sort(
        (x, y) =>
          Math.abs(logit(x.probability!) - logit(cutoff)) - Math.abs(logit(y.probability!) - logit(cutoff)) ||
          x.a - y.a ||
          x.b - y.b,
      )
      .slice(0, MAX_CANDIDATES);
    const wanted = new Set(near.flatMap((p) => [p.a, p.b]));
    const { texts, dates } = await collectTexts(
      { path: source.path, name: source.name, format: readOptions.format, readOptions, recordLines, spans },
      wanted,
    );
    const score = pairScorer(engineOptions(flags));
    const diff = { foldScript: options.foldScript, stripTags: true };
    items = near.map((p) => {
      const a = texts.get(p.a) ?? '';
      const b = texts.get(p.b) ?? '';
      const ia = result.ids.get(p.a);
      const ib = result.ids.get(p.b);
      const ids = ia !== undefined && ib !== undefined ? { a_id: String(ia), b_id: String(ib) } : {};
      const row = {
        a,
        b,
        date_a: dates.get(p.a) ?? null,
        date_b: dates.get(p.b) ?? null,
        label: 'diff' as const,
      };
      const key = pairKey({ ...row, ...ids });
      return {
        key,
        frame: frameOf(a, b),
        pair: { pid: key, ...row, set: 'user' as const, source: 'labels', fold: '', ...score(row) },
        ...row,
        ...ids,
        piecesA: originalDiff(b, a, diff).filter((x) => x.kind !== 'delete'),
        piecesB: originalDiff(a, b, diff).filter((x) => x.kind !== 'delete'),
        probability: p.probability!,
        duplicate: p.duplicate,
        rule: p.rule,
      };
    });
    items = items.filter((i) => offerable(i.pair, model));
    const spec = specOf(model.weights);
    const loop = new ReviewLoop(
      loadTrainingPairs(engineOptions(flags)),
      spec,
      cutoff,
      items,
      items.map((i) => i.probability),
    );
    const session = new ReviewSession(log, loop, items, cutoff, score);
    const { server, url } = await serveReview(session, flags.port, basename(input));
    const left = items.filter((i) => !log.keys.has(i.key)).length;
    process.stderr.write(
      `neardup: review ${url} — ${counted(left, 'pair')} to review (from ${possibleCutoff(model, options, cutoff).toFixed(2)} up, cut-off ${cutoff}), ${counted(log.labels.length, 'label')} in ${flags.labels}; Ctrl-C to stop\n`,
    );
    onGracefulShutdown(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
  } finally {
    await source.release();
  }
}
