/**
 * `dedup`: the whole batch pipeline over an (async) iterable of items —
 * batch → prepare (inline or on the pool) → corpus → link → clusters.
 * Batches are appended in input order whatever order workers finish in, so the result is the
 * same for any thread count and batch size.
 */
import {
  resolveOptions,
  ruleOptions,
  shingleParams,
  type DedupOptions,
  type ResolvedOptions,
} from '../options/options.js';
import { CorpusBuilder, type Corpus } from '../prepare/corpus.js';
import type { IdColumn } from '../prepare/id-column.js';
import { componentCanonicals, groupClusters, type Cluster, type Grouping } from '../cluster/clusters.js';
import { starCanonicals } from '../cluster/star.js';
import { possibleLinks } from '../cluster/possible.js';
import { findRepeatedIds } from '../cluster/duplicate-ids.js';
import { NeardupError } from '../errors.js';
import { checkOptionKeys, checkRunKeys } from '../options/option-keys.js';
import { closestField } from '../read/field-survey.js';
import { DECIDED_WORDS, type BandLinks } from '../link/band-loop.js';
import { DECISION_RULES, type DecisionRule } from '../verify/decide.js';
import { linkCorpus, type LinkStats } from '../link/link-corpus.js';
import { countBatch, newSketchCells, sketchFromCells, type SketchCells } from '../link/corpus-df.js';
import type { CountResult } from '../link/count-task.js';
import { WARM_UP } from '../link/warm-up.js';
import { tableApplies } from '../verify/corpus-stats.js';
import { checkThreads, createPool, type WorkerPool } from './pool.js';
import { collectBuildGarbage, releaseCorpus, releaseLinkColumns } from './release.js';
import type { PrepareParams } from '../prepare/prepare.js';
import {
  rebaseLines,
  runBatch,
  textTasks,
  type BatchResult,
  type BatchTask,
  type TextRecord,
} from '../prepare/batch-task.js';

/** One input item. `id` defaults to the 1-based position; `date` feeds the `earliest` policy. */
export interface DedupItem {
  id?: string | number;
  text: string;
  /** The article body, compared when `match` is not `title`. */
  body?: string;
  date?: unknown;
}

/** `dedup`'s options: the engine's (`DedupOptions`) and what it accepts of its items. */
export interface BatchOptions extends DedupOptions {
  /**
   * Accept items that repeat an earlier item's id. Off, a repeated id is a `NeardupError`
   * (`E_INPUT`) naming both items, as the CLI stops with exit 3: the result's clusters name
   * items by id, and a repeated one is ambiguous there. @default false
   */
  allowRepeatedIds?: boolean;
}

/** The stages of a run, in order, as `RunOptions.onStage` names them. */
export type DedupStage = 'prepare' | 'link' | 'cluster';

/** How to run (not what to compute): threads or a pool of your own, and progress callbacks. */
export interface RunOptions {
  /** Worker threads; 1 runs everything on the calling thread. @default 1 */
  threads?: number;
  /** A pool from `createPool` to use instead of making one; it is left open. */
  pool?: WorkerPool;
  /** Called after each batch is prepared with the number of items so far. */
  onProgress?: (itemsDone: number) => void;
  /**
   * Called as each stage starts, moves on and ends, with what is done of its total; stages come
   * in this order. `prepare`: 0 of 0 as it starts (items prepared go to `onProgress`; their total
   * is unknown until the input ends), then items of items. `link`: 0 of 0 as it starts, then bands
   * linked of all bands (summed over the tasks of the threads), every ~150 ms and at the end.
   * `cluster`: 0 of 1, then 1 of 1.
   * @example
   * await dedup(items, {}, { threads: 2, onStage: (stage, done, total) => console.error(stage, done, total) });
   */
  onStage?: (stage: DedupStage, done: number, total: number) => void;
  /**
   * Between stages, on corpora of 100,000 items and more, ask V8 for a full garbage collection,
   * so the columns a stage let go return to the system before the next stage allocates its own
   * (peak memory becomes the same from run to run). This changes process-wide state: it turns on
   * V8's `--expose-gc` for the process. The CLI turns it on; a library caller opts in.
   * @default false
   */
  collectGarbage?: boolean;
  /**
   * Keep every pair the title decision accepted or found a possible duplicate, with its evidence,
   * in `result.pairs` (the CLI's `dedup --pairs FILE`). Pairs are between representatives of
   * groups of identical items, as the link stage decides them.
   * @default false
   */
  recordPairs?: boolean;
}

/** A pair the link stage decided (see RunOptions.recordPairs): input indices, and the evidence. */
export interface DecidedPair {
  a: number;
  b: number;
  similarity: number;
  /** Under the learned decision (else undefined). */
  probability?: number;
  rule: DecisionRule;
  /** True: a duplicate; false: a possible duplicate. */
  duplicate: boolean;
}

export interface DedupCounts {
  items: number;
  /** Clusters of two or more items. */
  clusters: number;
  /** Items that are not the canonical item of their cluster (what dedup removes). */
  duplicates: number;
  /** Items kept: canonical items and items in no cluster. */
  kept: number;
  /** Items with no tokens at all (empty or punctuation only): kept, never matched. */
  empty: number;
  /** Kept items that possibly repeat an earlier kept item (the learned decision's second tier; see `possibleOf`). */
  possible: number;
}

export interface DedupResult extends Grouping {
  /**
   * Every cluster as an object, made from `table` on first read. A large corpus has hundreds of
   * thousands of members: code that only walks them reads `table` and makes none.
   */
  readonly clusters: Cluster[];
  counts: DedupCounts;
  /** What the linking stage did: exact duplicates, candidates checked, giant buckets. */
  stats: LinkStats;
  /** The options in force, with the bands and rows chosen. */
  options: ResolvedOptions;
  /** Every item's id, by input position: `ids.get(i)`. */
  ids: IdColumn;
  /**
   * For each item, the input index of the earlier kept item it possibly repeats, or −1: a pair
   * the learned decision scored from the possible-duplicate cut-off up to the removal cut-off, or
   * from it up at any probability when a veto kept the pair for review (Decision.veto).
   * Such items are kept (never removed); a reader decides. Only kept items have one.
   */
  possibleOf: Int32Array;
  /** For each item with a `possibleOf`, that pair's probability (else NaN). */
  possibleProbability: Float64Array;
  /** With `RunOptions.recordPairs`: every decided pair, sorted by (a, b). */
  pairs?: DecidedPair[];
  seconds: number;
  /** Seconds per stage: reading and preparing (shingle, sign, band), linking, clustering. */
  timings: { prepare: number; link: number; cluster: number };
}

export function prepareParams(o: ResolvedOptions): PrepareParams {
  const body =
    o.match === 'title'
      ? undefined
      : { ngram: o.bodyNgram, perms: o.perms, bands: o.bodyBands, rows: o.bodyRows, kernel: o.bodyKernel };
  return { ...shingleParams(o), perms: o.perms, bands: o.bands, rows: o.rows, body };
}

/** Old- and young-generation heap of a link thread, in MB. */
const LINK_HEAP_MB = 64;
const LINK_YOUNG_MB = 8;

/** A task with the ids and dates the main thread already knows (for `texts` tasks). */
export interface SourcedTask {
  task: BatchTask;
  ids?: string[];
  dates?: number[];
}

/** Called in input order for every prepared batch, with what a worker parsed from raw lines. */
export type OnParsed = (parsed: NonNullable<BatchResult['parsed']>, firstIndex: number) => void;

/**
 * Finds and clusters near-duplicate items.
 * @example
 * const result = await dedup([{ id: 'a', text: '梅州籍院士心系桑梓' }, { id: 'b', text: '梅州籍院士心系桑梓!' }]);
 * result.clusters[0].canonical // 'a'
 */
export async function dedup(
  items: Iterable<DedupItem> | AsyncIterable<DedupItem>,
  options: BatchOptions = {},
  run: RunOptions = {},
): Promise<DedupResult> {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  checkOptionKeys(options, 'dedup', ['allowRepeatedIds']);
  if (run === null || typeof run !== 'object') throw new TypeError('run must be an object');
  checkRunKeys(run);
  const { allowRepeatedIds = false, ...engineOptions } = options;
  if (typeof allowRepeatedIds !== 'boolean')
    throw new TypeError(
      `options.allowRepeatedIds must be true or false; got ${JSON.stringify(allowRepeatedIds)}`,
    );
  const o = resolveOptions(engineOptions);
  const result = await dedupTasks(itemTasks(items, o.batchSize), o, run);
  if (!allowRepeatedIds) refuseRepeatedIds(result.ids);
  return result;
}

/**
 * Throws for the first item whose id an earlier item has, naming both positions (the CLI's rule:
 * ids must be unique, see `cli/dedup-command.ts`).
 */
function refuseRepeatedIds(ids: IdColumn): void {
  const repeated = findRepeatedIds(ids);
  if (repeated.length === 0) return;
  const { index, first, id } = repeated[0];
  // An item without an id gets its 1-based position: say so when that is the clash.
  const positional = id === String(first + 1) || id === String(index + 1);
  throw new NeardupError(
    'E_INPUT',
    `items[${index}].id ${JSON.stringify(id)} repeats the id of items[${first}] ` +
      `(${repeated.length === 1 ? '1 item repeats' : `${repeated.length} items repeat`} an earlier id)` +
      (positional ? '; an item without an id is given its 1-based position as id' : '') +
      '; ids must be unique — give each item its own id, or pass { allowRepeatedIds: true } to accept them',
  );
}

/**
 * The engine behind `dedup` and the CLI: tasks (texts, or raw lines for workers to parse) →
 * corpus → link → clusters. Batches are appended in input order whatever order workers finish in.
 */
export async function dedupTasks(
  tasks: AsyncIterable<SourcedTask>,
  o: ResolvedOptions,
  run: RunOptions & { onParsed?: OnParsed } = {},
): Promise<DedupResult> {
  const started = performance.now();
  const threads = run.threads ?? 1;
  checkThreads(threads);
  const params = prepareParams(o);
  // Without a pool of the caller's, more than one thread means pools of our own (see below).
  const ownsPools = !run.pool && threads > 1;
  let ownPool = ownsPools ? createPool(threads) : undefined;
  const shared = run.pool !== undefined || ownsPools;
  const builder = new CorpusBuilder(o.bands, shared, o.match === 'title' ? 0 : o.bodyBands);
  // The learned decision's corpus counts: on one thread taken while each batch is prepared; on a
  // pool by a link thread while this one joins identical items (see corpus-df.ts).
  const counts =
    countsCorpus(o) && !shared
      ? newSketchCells(false, !tableApplies(ruleOptions(o).corpusStats !== 'uniform'))
      : undefined;
  let corpus: Corpus;
  let prepared: number;
  // The link threads' warm-up (see below), when this run made them.
  let warmed: Promise<unknown> | undefined;
  let linkResult: Awaited<ReturnType<typeof linkCorpus>>;
  try {
    run.onStage?.('prepare', 0, 0);
    await prepareAll(tasks, params, builder, run.pool ?? ownPool, run, counts);
    if (ownPool) {
      // Fresh threads for linking: the preparing ones hold heaps full of parsing garbage that V8
      // would keep for the rest of the run, and a new thread is cheap to start. They are closed
      // first, so that their heaps go before the corpus is built.
      await ownPool.destroy();
      // Linking allocates little that lives (the columns are shared): a small heap keeps it so.
      // Started now, its threads load their modules while the corpus is built, with empty heaps.
      ownPool = createPool(threads, LINK_HEAP_MB, LINK_YOUNG_MB);
      // Each thread loads its modules now, while the corpus is built, not on its first task:
      // the counting pass starts as soon as it is handed out (see warm-up.ts).
      const linking = ownPool;
      warmed = Promise.all(
        Array.from({ length: threads }, () => linking.run(WARM_UP, { name: 'link' })),
      ).catch(() => undefined);
    }
    corpus = builder.build();
    const df = counts && sketchFromCells(corpus, counts);
    collectBuildGarbage(corpus, run.collectGarbage === true);
    run.onStage?.('prepare', corpus.size, corpus.size);
    prepared = performance.now();
    // Linking starts by joining identical items, before any band: its total comes with the bands.
    run.onStage?.('link', 0, 0);
    // Piscina hands a task queued behind another out from this thread's event loop, which the
    // join then holds: the counting pass must find its thread free, the warm-up done.
    await warmed;
    const pool = run.pool ?? ownPool;
    const onBands = run.onStage && ((done: number, total: number) => run.onStage?.('link', done, total));
    // On a pool the band ranges run in parallel over the shared corpus, one range per thread.
    linkResult = await linkCorpus(
      corpus,
      o,
      pool
        ? {
            ranges: pool.options.maxThreads,
            runner: (linkTasks) =>
              Promise.all(linkTasks.map((task) => pool.run(task, { name: 'link' }) as Promise<BandLinks>)),
            onBands,
            record: run.recordPairs === true,
            counter: (task) => pool.run(task, { name: 'link' }) as Promise<CountResult>,
          }
        : { onBands, record: run.recordPairs === true, df },
    );
  } finally {
    await ownPool?.destroy();
  }
  const { stats } = linkResult;
  // Band keys and tokens served linking only: let them go before clusters are built (the band
  // keys are the largest column).
  releaseLinkColumns(corpus, run.collectGarbage === true);
  const linked = performance.now();
  run.onStage?.('cluster', 0, 1);
  const canonicals =
    o.linkage === 'star'
      ? starCanonicals(corpus, linkResult, o, o.verify ? ruleOptions(o).dateWindowDays : 0)
      : componentCanonicals(corpus, linkResult, o, o.verify ? ruleOptions(o).dateWindowDays : 0);
  const grouping = groupClusters(corpus, canonicals, o);
  const possible = possibleLinks(linkResult.possible, linkResult.repOf, grouping.canonicalOf);
  const grouped = performance.now();
  run.onStage?.('cluster', 1, 1);
  let duplicates = 0;
  let empty = 0;
  for (let i = 0; i < corpus.size; i++) {
    if (grouping.canonicalOf[i] !== i) duplicates++;
    if (corpus.shingleOffsets[i + 1] === corpus.shingleOffsets[i]) empty++;
  }
  releaseCorpus(corpus, run.collectGarbage === true);
  const { table, canonicalOf, clusterOf } = grouping;
  let clusters: Cluster[] | undefined;
  return {
    table,
    canonicalOf,
    clusterOf,
    get clusters() {
      return (clusters ??= table.toArray());
    },
    counts: {
      items: corpus.size,
      clusters: table.count,
      duplicates,
      kept: corpus.size - duplicates,
      empty,
      possible: possible.count,
    },
    stats,
    options: o,
    ids: corpus.ids,
    possibleOf: possible.possibleOf,
    possibleProbability: possible.probability,
    ...(linkResult.decided && { pairs: decidedPairs(linkResult.decided) }),
    seconds: (grouped - started) / 1000,
    timings: {
      prepare: (prepared - started) / 1000,
      link: (linked - prepared) / 1000,
      cluster: (grouped - linked) / 1000,
    },
  };
}

/** The link stage's decided-pair records as objects. */
function decidedPairs(records: Float64Array): DecidedPair[] {
  const out: DecidedPair[] = [];
  for (let k = 0; k < records.length; k += DECIDED_WORDS) {
    const p = records[k + 3];
    out.push({
      a: records[k],
      b: records[k + 1],
      similarity: records[k + 2],
      ...(!Number.isNaN(p) && { probability: p }),
      rule: DECISION_RULES[records[k + 4]],
      duplicate: records[k + 5] === 1,
    });
  }
  return out;
}

/** Whether a run's decision weighs shared text by the corpus's own counts (the learned one, on titles). */
function countsCorpus(o: ResolvedOptions): boolean {
  return o.verify && o.decision === 'model' && o.match !== 'body';
}

interface Pending {
  sourced: SourcedTask;
  result: Promise<BatchResult> | BatchResult;
}

/** Items checked one by one (with their position in errors), ids defaulting to the position. */
async function* checkedItems(
  items: Iterable<DedupItem> | AsyncIterable<DedupItem>,
): AsyncGenerator<TextRecord> {
  let position = 0;
  for await (const item of items as AsyncIterable<DedupItem>) {
    if (item === null || typeof item !== 'object') {
      throw new TypeError(
        `items[${position}] must be an object { id?, text, date? }; got ${JSON.stringify(item)}`,
      );
    }
    if (typeof item.text !== 'string') {
      throw new TypeError(
        `items[${position}].text must be a string; got ${item.text === undefined ? 'undefined' : JSON.stringify(item.text)}${textHint(item)}`,
      );
    }
    if (item.body !== undefined && typeof item.body !== 'string') {
      throw new TypeError(`items[${position}].body must be a string; got ${JSON.stringify(item.body)}`);
    }
    position++;
    yield {
      id: item.id === undefined || item.id === null ? String(position) : String(item.id),
      text: item.text,
      body: item.body,
      date: item.date,
    };
  }
}

/**
 * For an item without a string `text`: the field it has that most looks like the headline, as the
 * CLI answers `--text-field` (`did you mean --text-field title?`), with the line that maps it.
 * @example textHint({ id: 1, title: '标题' }) // '; the item has id, title: did you mean title? …'
 */
function textHint(item: object): string {
  const fields = Object.keys(item);
  const strings = fields.filter(
    (k) => k !== 'text' && typeof (item as Record<string, unknown>)[k] === 'string',
  );
  const near = closestField('text', strings, 'text');
  if (near === undefined) return '';
  const key = /^[A-Za-z_$][\w$]*$/.test(near) ? `.${near}` : `[${JSON.stringify(near)}]`;
  return `; the item has ${fields.join(', ')}: did you mean ${near}? Map it first: items.map((x) => ({ ...x, text: x${key} }))`;
}

/** Batches of `batchSize` items as `texts` tasks, with the item ids and dates. */
function itemTasks(
  items: Iterable<DedupItem> | AsyncIterable<DedupItem>,
  batchSize: number,
): AsyncGenerator<SourcedTask> {
  return textTasks(checkedItems(items), batchSize);
}

async function prepareAll(
  tasks: AsyncIterable<SourcedTask>,
  params: PrepareParams,
  builder: CorpusBuilder,
  pool: WorkerPool | undefined,
  run: RunOptions & { onParsed?: OnParsed },
  counts?: SketchCells,
): Promise<void> {
  // Tasks in flight on the pool, oldest first; appending from the front keeps input order.
  const inFlight: Pending[] = [];
  const maxInFlight = pool ? pool.options.maxThreads * 3 : 1;
  let linesBefore = 0;
  const drainOne = async (): Promise<void> => {
    const { sourced, result } = inFlight.shift()!;
    const { batch, parsed } = await result;
    // Counted here, in input order, while the workers prepare the next batches (see corpus-df.ts).
    if (counts) countBatch(counts, batch);
    const firstIndex = builder.size;
    if (parsed) {
      rebaseLines(parsed, linesBefore);
      linesBefore += parsed.lineCount;
      run.onParsed?.(parsed, firstIndex);
    }
    builder.append(batch, parsed?.ids ?? sourced.ids!, parsed?.dates ?? sourced.dates!);
    run.onProgress?.(builder.size);
  };
  try {
    for await (const sourced of tasks) {
      const result = pool
        ? (pool.run({ task: sourced.task, params }) as Promise<BatchResult>)
        : runBatch(sourced.task, params);
      inFlight.push({ sourced, result });
      while (inFlight.length >= maxInFlight) await drainOne();
    }
    while (inFlight.length > 0) await drainOne();
  } finally {
    // On an error, let the tasks still running settle so none is left unhandled.
    await Promise.allSettled(inFlight.map((p) => p.result));
  }
}
