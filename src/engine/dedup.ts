/**
 * `dedup`: the whole batch pipeline over an (async) iterable of items —
 * batch → prepare (inline or on the pool) → corpus → link → clusters.
 * Batches are appended in input order whatever order workers finish in, so the result is the
 * same for any thread count and batch size.
 */
import type { Piscina } from 'piscina';
import { resolveOptions, shingleParams, type DedupOptions, type ResolvedOptions } from '../options.js';
import { CorpusBuilder } from './corpus.js';
import { groupClusters, type Grouping } from './clusters.js';
import { linkCorpus, type LinkStats } from './link.js';
import { createPool } from './pool.js';
import { prepareBatch, type PreparedBatch, type PrepareParams } from './prepare.js';

/** One input item. `id` defaults to the 1-based position; `date` feeds the `earliest` policy. */
export interface DedupItem {
  id?: string | number;
  text: string;
  date?: unknown;
}

/** How to run (not what to compute): threads or a pool of your own, and a progress callback. */
export interface RunOptions {
  /** Worker threads; 1 runs everything on the calling thread. @default 1 */
  threads?: number;
  /** A pool from `createPool` to use instead of making one; it is left open. */
  pool?: Piscina;
  /** Called after each batch is prepared with the number of items so far. */
  onProgress?: (itemsDone: number) => void;
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
}

export interface DedupResult extends Grouping {
  counts: DedupCounts;
  /** What the linking stage did: exact duplicates, candidates checked, giant buckets. */
  stats: LinkStats;
  /** The options in force, with the bands and rows chosen. */
  options: ResolvedOptions;
  seconds: number;
  /** Seconds per stage: reading and preparing (shingle, sign, band), linking, clustering. */
  timings: { prepare: number; link: number; cluster: number };
}

/** Epoch milliseconds of a date field, NaN when absent or unreadable. */
export function parseDate(value: unknown): number {
  if (value === undefined || value === null || value === '') return NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    // Compact YYYYMMDD (as in 新闻联播 listings) is not something Date.parse reads.
    const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
    return compact ? Date.UTC(+compact[1], +compact[2] - 1, +compact[3]) : Date.parse(value);
  }
  return NaN;
}

function prepareParams(o: ResolvedOptions): PrepareParams {
  return { ...shingleParams(o), perms: o.perms, bands: o.bands, rows: o.rows };
}

/**
 * Finds and clusters near-duplicate items.
 * @example
 * const result = await dedup([{ id: 'a', text: '梅州籍院士心系桑梓' }, { id: 'b', text: '梅州籍院士心系桑梓!' }]);
 * result.clusters[0].canonical // 'a'
 */
export async function dedup(
  items: Iterable<DedupItem> | AsyncIterable<DedupItem>,
  options: DedupOptions = {},
  run: RunOptions = {},
): Promise<DedupResult> {
  const started = performance.now();
  const o = resolveOptions(options);
  const threads = run.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`threads must be a whole number ≥ 1; got ${threads}`);
  }
  const params = prepareParams(o);
  const ownPool = !run.pool && threads > 1 ? createPool(threads) : undefined;
  const pool = run.pool ?? ownPool;
  const builder = new CorpusBuilder(o.bands);
  try {
    await prepareAll(items, o.batchSize, params, builder, pool, run.onProgress);
  } finally {
    await ownPool?.destroy();
  }
  const corpus = builder.build();
  const prepared = performance.now();
  const { sets, stats } = linkCorpus(corpus, o);
  const linked = performance.now();
  const grouping = groupClusters(corpus, sets, o);
  const grouped = performance.now();
  let duplicates = 0;
  let empty = 0;
  for (let i = 0; i < corpus.size; i++) {
    if (grouping.canonicalOf[i] !== i) duplicates++;
    if (corpus.shingleOffsets[i + 1] === corpus.shingleOffsets[i]) empty++;
  }
  return {
    ...grouping,
    counts: { items: corpus.size, clusters: grouping.clusters.length, duplicates, kept: corpus.size - duplicates, empty },
    stats,
    options: o,
    seconds: (grouped - started) / 1000,
    timings: { prepare: (prepared - started) / 1000, link: (linked - prepared) / 1000, cluster: (grouped - linked) / 1000 },
  };
}

interface PendingBatch {
  ids: string[];
  dates: number[];
  result: Promise<PreparedBatch> | PreparedBatch;
}

async function prepareAll(
  items: Iterable<DedupItem> | AsyncIterable<DedupItem>,
  batchSize: number,
  params: PrepareParams,
  builder: CorpusBuilder,
  pool: Piscina | undefined,
  onProgress: ((n: number) => void) | undefined,
): Promise<void> {
  // Batches in flight on the pool, oldest first; appending from the front keeps input order.
  const inFlight: PendingBatch[] = [];
  const maxInFlight = pool ? pool.options.maxThreads * 3 : 1;
  let position = 0;
  let texts: string[] = [];
  let ids: string[] = [];
  let dates: number[] = [];

  const drainOne = async (): Promise<void> => {
    const next = inFlight.shift()!;
    builder.append(await next.result, next.ids, next.dates);
    onProgress?.(builder.size);
  };
  const flush = async (): Promise<void> => {
    if (texts.length === 0) return;
    const result = pool ? (pool.run({ texts, params }) as Promise<PreparedBatch>) : prepareBatch(texts, params);
    inFlight.push({ ids, dates, result });
    texts = [];
    ids = [];
    dates = [];
    while (inFlight.length >= maxInFlight) await drainOne();
  };

  for await (const item of items as AsyncIterable<DedupItem>) {
    if (item === null || typeof item !== 'object') {
      throw new TypeError(`items[${position}] must be an object { id?, text, date? }; got ${JSON.stringify(item)}`);
    }
    if (typeof item.text !== 'string') {
      throw new TypeError(`items[${position}].text must be a string; got ${item.text === undefined ? 'undefined' : JSON.stringify(item.text)}`);
    }
    position++;
    texts.push(item.text);
    ids.push(item.id === undefined || item.id === null ? String(position) : String(item.id));
    dates.push(parseDate(item.date));
    if (texts.length >= batchSize) await flush();
  }
  await flush();
  while (inFlight.length > 0) await drainOne();
}
