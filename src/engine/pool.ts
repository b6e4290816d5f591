/**
 * The piscina worker pool that runs `prepareBatch` off the main thread. Workers are thin: the
 * worker file calls the same pure function the single-thread path calls, and results come back
 * as transferred typed arrays. A library user may pass their own pool built with `createPool`.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

/**
 * Where the compiled worker entry is (workers/entry.cts: a CommonJS file that imports the
 * engine's worker modules): beside the compiled engine, or under dist/ when run from source.
 */
export function workerPath(): string {
  const candidates = [
    new URL('../../workers/entry.cjs', import.meta.url), // dist/src/engine → dist/workers
    new URL('../../dist/workers/entry.cjs', import.meta.url), // src/engine → dist/workers
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  throw new Error('the worker file entry.cjs was not found; run `npm run build` first');
}

/**
 * What `dedup` needs of a worker pool: piscina's `Piscina` has this shape, so a pool from
 * `createPool` (or a piscina pool of your own over neardup's worker file) fits. The public types
 * name this interface rather than piscina's class, so a TypeScript user type-checks against
 * neardup alone, whatever piscina version their tree holds.
 */
export interface WorkerPool {
  /** The pool's thread count: tasks in flight and band ranges are sized by it. */
  readonly options: { readonly maxThreads: number };
  /**
   * Runs one task on a worker; `name` picks the worker's handler (`link`, or the default). The
   * `link` handler also takes the learned decision's counting pass.
   */
  run(task: unknown, options?: { name?: string }): Promise<unknown>;
  /** Ends the pool's threads. */
  destroy(): Promise<void>;
}

/** Old-generation heap per worker, in MB (NEARDUP_WORKER_HEAP_MB, default 256). */
export const WORKER_HEAP_MB = Number(process.env.NEARDUP_WORKER_HEAP_MB ?? 256);

/** The default worker count: the cores this process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * The most worker threads a run may ask for: four per available core (at least 4). More only
 * adds workers that wait for a core, each with its own heap — a million of them grow memory
 * until V8 gives up — so a larger count is refused rather than obeyed.
 */
export function maxThreads(): number {
  return Math.max(4, 4 * availableParallelism());
}

/** Throws a RangeError naming the rule when `threads` is not a whole number from 1 to maxThreads(). */
export function checkThreads(threads: number, name = 'threads'): void {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`${name} must be a whole number ≥ 1; got ${threads}`);
  const max = maxThreads();
  if (threads > max)
    throw new RangeError(
      `${name} must be at most ${max} (4 per available core, ${availableParallelism()} here); got ${threads}`,
    );
}

/**
 * A pool for `dedup(items, { pool })`. Close it with `await pool.destroy()` when done.
 * `heapMb` caps each worker's old generation (default NEARDUP_WORKER_HEAP_MB or 256), `youngMb`
 * its young generation: parsing and shingling make short-lived strings by the million, and a
 * young generation of 16 MB prepared fastest of 8, 16 and 32 MB (the larger also raised peak
 * memory; see DESIGN.md, "Threads and memory").
 * @example const pool = createPool(2); try { await dedup(items, {}, { pool }) } finally { await pool.destroy() }
 */
export function createPool(threads = defaultThreads(), heapMb = WORKER_HEAP_MB, youngMb = 16): WorkerPool {
  checkThreads(threads);
  // A modest heap limit makes each worker collect its garbage early instead of growing to the
  // default limit: the pool's memory stays a small part of the run's peak.
  return new Piscina({
    filename: workerPath(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb },
  });
}
