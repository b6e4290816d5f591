/**
 * Durability for a snapshot-backed index that takes writes (`neardup serve --index FILE`): every
 * add and remove is appended to FILE.log and fsynced before it is acknowledged, replayed on the
 * next start and then compacted into the snapshot; FILE.lock keeps a second process off the same
 * snapshot. Appends that arrive while a sync is under way are written and synced together (group
 * commit), so throughput does not fall to one fsync per request; each caller still waits for the
 * sync that covers its own line.
 *
 * The log is JSON lines: {"op":"add","item":{id,text,date?,body?},"time"?} or
 * {"op":"remove","id"}. A last line without its newline is a write cut off by a crash — never
 * acknowledged — and is dropped on replay, which streams the file line by line, so a log of any
 * size replays or fails naming its file and line.
 *
 * Compaction (log-compaction.ts) bounds it: at one instant between writes the index is captured
 * and the log rotated to FILE.log.next; the snapshot is written in the background; then FILE.log
 * is removed and FILE.log.next renamed to it. A crash at any step leaves a snapshot and logs whose
 * replay, FILE.log then FILE.log.next, gives the state acknowledged: each record sets or removes
 * one id, so replaying onto a snapshot records that it already holds ends where they did.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
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

/** Lines of a file as byte ranges decoded one by one (a chunk may end inside a character); a last line without its newline is not one. */
async function* lines(path: string): AsyncGenerator<string> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      yield data.toString('utf8', start, nl);
      start = nl + 1;
    }
    data = data.subarray(start);
    rest = Buffer.from(data);
  }
}

export class WriteLog {
  readonly path: string;
  /** Where writes go while a compaction writes the snapshot. */
  readonly nextPath: string;
  readonly #lock: string;
  #fd: FileHandle;
  /** The file rotated away from, until the compaction that rotated it retires it. */
  #old: FileHandle | undefined;
  #bytes = 0;
  #pending: string[] = [];
  #waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #flushing: Promise<void> | undefined;
  #failed: NeardupError | undefined;

  private constructor(path: string, lock: string, fd: FileHandle) {
    this.path = path;
    this.nextPath = `${path}.next`;
    this.#lock = lock;
    this.#fd = fd;
  }

  /** Bytes written to the current log file since it was last emptied or rotated. */
  get size(): number {
    return this.#bytes;
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

  /** The records of the log files (FILE.log, then FILE.log.next), oldest first, streamed. */
  async *records(): AsyncGenerator<{ record: LogRecord; where: string }> {
    for (const path of [this.path, this.nextPath]) {
      const present = await stat(path).then(
        () => true,
        () => false,
      );
      if (!present) continue;
      let line = 0;
      for await (const text of lines(path)) {
        line++;
        let record: LogRecord;
        try {
          record = JSON.parse(text) as LogRecord;
        } catch {
          throw new NeardupError(
            'E_INPUT',
            `write log ${path}:${line} is not a log record; move the file away to start from the snapshot alone`,
          );
        }
        yield { record, where: `${path}:${line}` };
      }
    }
  }

  /** Applies the log to an index (after loading its snapshot); returns how many records. */
  async replay(index: NearDupIndex): Promise<number> {
    let n = 0;
    for await (const { record: r, where } of this.records()) {
      try {
        if (r.op === 'add') await index.add(r.item, { time: r.time });
        else if (r.op === 'remove') await index.remove(r.id);
        else throw new TypeError(`unknown op ${JSON.stringify((r as { op: unknown }).op)}`);
      } catch (error) {
        if (error instanceof NeardupError && error.code === 'E_IO') throw error;
        throw new NeardupError(
          'E_INPUT',
          `write log ${where}: ${(error as Error).message}; move the file away to start from the snapshot alone`,
          { cause: error },
        );
      }
      n++;
    }
    return n;
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
    this.#flushing ??= this.#flush();
    return done;
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const lines = this.#pending.join('');
      const waiters = this.#waiters;
      this.#pending = [];
      this.#waiters = [];
      try {
        await this.#fd.write(lines);
        await this.#fd.datasync();
        this.#bytes += Buffer.byteLength(lines);
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
    this.#flushing = undefined;
  }

  /** Resolves once every line appended so far is written and synced (or failed). */
  async settled(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  /**
   * Sends the writes that follow to FILE.log.next (a compaction has captured the index's state at
   * this instant). Call it between writes: every line before it goes to FILE.log first.
   */
  async rotate(): Promise<void> {
    await this.settled();
    // Still rotated after a compaction whose snapshot failed: the next capture covers both files.
    if (this.#old) return;
    const next = await open(this.nextPath, 'w');
    await syncDir(dirname(this.path));
    this.#old = this.#fd;
    this.#fd = next;
    this.#bytes = 0;
  }

  /**
   * Once the snapshot holding everything before `rotate` is saved: removes FILE.log and makes
   * FILE.log.next, still taking writes, the log.
   */
  async retire(): Promise<void> {
    const old = this.#old;
    if (!old) return;
    await old.close();
    await rm(this.path, { force: true });
    await rename(this.nextPath, this.path);
    await syncDir(dirname(this.path));
    this.#old = undefined;
  }

  /** Empties the log once its records are in a saved snapshot (no appends may be in flight). */
  async truncate(): Promise<void> {
    await this.settled();
    if (this.#old) await this.retire();
    await this.#fd.truncate(0);
    await this.#fd.sync();
    await rm(this.nextPath, { force: true });
    this.#bytes = 0;
  }

  /** Closes the log and releases the lock. */
  async close(): Promise<void> {
    await this.#old?.close();
    await this.#fd.close();
    await rm(this.#lock, { force: true });
  }
}
