/**
 * Keeps a served snapshot's write log bounded: once the log outgrows the snapshot (or a size the
 * caller chose), the index is captured between two writes (an array of its items, no encoding)
 * and the log rotated; the snapshot is then encoded and written in the background, yielding to
 * requests as it goes, and the old log removed. One compaction runs at a time; writes that arrive
 * meanwhile go to the new log, so the logs on disk hold at most about twice the bound plus what
 * arrives during one compaction.
 */
import { NeardupError } from '../errors.js';
import type { NearDupIndex } from './near-dup-index.js';
import { captureSnapshot, writeSnapshot } from './snapshot.js';
import type { WriteLog } from './write-log.js';

export interface CompactionOptions {
  /** Compact once the log holds more bytes than this; undefined: more than the snapshot, and at least `floor`. */
  limit?: number;
  /** With no `limit`: the smallest log worth compacting. @default 1 MiB */
  floor?: number;
  /** Runs `f` between writes (the server's request queue). */
  exclusive: <T>(f: () => Promise<T>) => Promise<T>;
  /** Told of a compaction that failed (the log then grows until the next one works). */
  onError?: (error: Error) => void;
}

export class LogCompaction {
  readonly #index: NearDupIndex;
  readonly #snapshot: string;
  readonly #log: WriteLog;
  readonly #options: CompactionOptions;
  #snapshotBytes: number;
  #running: Promise<void> | undefined;
  #done = 0;
  /** After a failure, no new try before this (epoch ms). */
  #retryAt = 0;

  constructor(
    index: NearDupIndex,
    snapshot: string,
    log: WriteLog,
    snapshotBytes: number,
    options: CompactionOptions,
  ) {
    this.#index = index;
    this.#snapshot = snapshot;
    this.#log = log;
    this.#snapshotBytes = snapshotBytes;
    this.#options = options;
  }

  /** The size past which the log is compacted. */
  get bound(): number {
    return this.#options.limit ?? Math.max(this.#snapshotBytes, this.#options.floor ?? 1 << 20);
  }

  /** Compactions finished since start. */
  get count(): number {
    return this.#done;
  }

  /** Starts a compaction when the log is past its bound and none is running; returns at once. */
  poke(): void {
    if (this.#running === undefined && this.#log.size > this.bound && Date.now() >= this.#retryAt)
      this.#running = this.#run();
  }

  /** Resolves once no compaction is running. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      const state = await this.#options.exclusive(async () => {
        const captured = captureSnapshot(this.#index);
        await this.#log.rotate();
        return captured;
      });
      this.#snapshotBytes = await writeSnapshot(state, this.#snapshot, { yieldEvery: 2000 });
      await this.#log.retire();
      this.#done++;
    } catch (error) {
      this.#retryAt = Date.now() + 10_000;
      this.#options.onError?.(
        error instanceof NeardupError
          ? error
          : new NeardupError('E_IO', `log compaction failed: ${(error as Error).message}`, { cause: error }),
      );
    } finally {
      this.#running = undefined;
    }
  }
}
