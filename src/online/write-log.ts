/**
 * Durability for a snapshot-backed index that takes writes (`neardup serve --index FILE`): every
 * add and remove is appended to FILE.log and fsynced before it is acknowledged, replayed on the
 * next start and then compacted into the snapshot; FILE.lock keeps a second process off the same
 * snapshot. Appends that arrive while a sync is under way are written and synced together (group
 * commit), so throughput does not fall to one fsync per request; each caller still waits for the
 * sync that covers its own line.
 *
 * The log is JSON lines: {"op":"add","item":{id,text,date?,body?}} or {"op":"remove","id"}. A
 * last line without its newline is a write cut off by a crash — never acknowledged — and is
 * dropped on replay.
 */
import { open, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { NeardupError } from '../errors.js';
import { syncDir } from '../files/durable.js';
import { dirname } from 'node:path';
import type { IndexItem, NearDupIndex } from './near-dup-index.js';

/** An add carries `time` when its item had no date: the time the index filed it at. */
export type LogRecord = { op: 'add'; item: IndexItem; time?: number } | { op: 'remove'; id: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class WriteLog {
  readonly path: string;
  readonly #lock: string;
  readonly #fd: FileHandle;
  #pending: string[] = [];
  #waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #flushing = false;
  #failed: NeardupError | undefined;

  private constructor(path: string, lock: string, fd: FileHandle) {
    this.path = path;
    this.#lock = lock;
    this.#fd = fd;
  }

  /**
   * Takes the lock of a snapshot and opens its log for appending. A lock held by a live process
   * is refused; one left by a process that is gone (kill -9) is taken over.
   * @example const log = await WriteLog.open('feed.ndix')
   */
  static async open(snapshot: string): Promise<WriteLog> {
    const lock = `${snapshot}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' || attempt > 0) {
          throw new NeardupError(
            'E_IO',
            `cannot lock index snapshot ${snapshot} (${lock}): ${(error as Error).message}; is its folder writable?`,
            { cause: error },
          );
        }
        const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
        if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
          throw new NeardupError(
            'E_USAGE',
            `index snapshot ${snapshot} is in use by process ${holder} (lock file ${lock}); two processes writing one snapshot would lose each other's items`,
          );
        }
        await rm(lock, { force: true }); // left by a process that is gone
      }
    }
    try {
      const fd = await open(`${snapshot}.log`, 'a');
      await syncDir(dirname(snapshot));
      return new WriteLog(`${snapshot}.log`, lock, fd);
    } catch (error) {
      await rm(lock, { force: true });
      throw new NeardupError(
        'E_IO',
        `cannot open the write log ${snapshot}.log: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** The records in the log, oldest first (a torn last line dropped). */
  async records(): Promise<LogRecord[]> {
    const text = await readFile(this.path, 'utf8');
    const lines = text.split('\n');
    lines.pop(); // after the last newline: empty, or a line cut off by a crash
    return lines.map((line, k) => {
      try {
        return JSON.parse(line) as LogRecord;
      } catch {
        throw new NeardupError(
          'E_INPUT',
          `write log ${this.path}:${k + 1} is not a log record; move the file away to start from the snapshot alone`,
        );
      }
    });
  }

  /** Applies the log to an index (after loading its snapshot); returns how many records. */
  async replay(index: NearDupIndex): Promise<number> {
    const records = await this.records();
    for (const r of records) {
      if (r.op === 'add') await index.add(r.item, { time: r.time });
      else await index.remove(r.id);
    }
    return records.length;
  }

  /**
   * Appends a record; resolves once it is on disk. Throws at once (before the caller changes
   * anything) when the record cannot be written as JSON or when an earlier write failed: after a
   * failed write the log may hold part of a line, so it takes no more until the process restarts.
   */
  append(record: LogRecord): Promise<void> {
    if (this.#failed) throw this.#failed;
    const line = `${JSON.stringify(record)}\n`;
    this.#pending.push(line);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (!this.#flushing) void this.#flush();
    return done;
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    while (this.#pending.length > 0) {
      const lines = this.#pending.join('');
      const waiters = this.#waiters;
      this.#pending = [];
      this.#waiters = [];
      try {
        await this.#fd.write(lines);
        await this.#fd.datasync();
        for (const w of waiters) w.resolve();
      } catch (error) {
        const failure = new NeardupError(
          'E_IO',
          `cannot write the write log ${this.path}: ${(error as Error).message}`,
          { cause: error },
        );
        this.#failed = new NeardupError(
          'E_IO',
          `the write log ${this.path} failed earlier (${(error as Error).message}); restart the server to take writes again`,
          { cause: error },
        );
        for (const w of waiters) w.reject(failure);
      }
    }
    this.#flushing = false;
  }

  /** Empties the log once its records are in a saved snapshot (no appends may be in flight). */
  async truncate(): Promise<void> {
    await this.#fd.truncate(0);
    await this.#fd.sync();
  }

  /** Closes the log and releases the lock. */
  async close(): Promise<void> {
    await this.#fd.close();
    await rm(this.#lock, { force: true });
  }
}
