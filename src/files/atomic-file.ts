/**
 * Output files written to a temporary name beside the target and renamed into place on commit,
 * so a failed or interrupted run never leaves half a file and never clobbers a good one. `-`
 * writes to stdout instead (nothing to rename).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { constants, type Stats } from 'node:fs';
import {
  access,
  copyFile,
  link,
  lstat,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  stat,
} from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { syncDir, syncFile } from './durable.js';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { NeardupError } from '../errors.js';
import { forget, isStale, removeOnExit } from './temp-paths.js';

/** Every temporary file not yet committed, so a signal handler can remove them all. */
const openFiles = new Set<AtomicFile>();
/** The targets committed so far in this process, so an interrupted run can say what it left. */
const committedTargets: string[] = [];
/** Set by a signal: no commit starts after it. */
let stopRequested = false;
/** The renames of the commit in progress, which a signal waits for rather than cuts. */
let committing: Promise<void> | undefined;

/** The output files this process has committed (renamed into place), in order. */
export function committedOutputs(): readonly string[] {
  return committedTargets;
}

/**
 * For SIGINT/SIGTERM: no commit starts after this call, and one in progress is let finish (all
 * its renames or all rolled back — microseconds), so `committedOutputs()` is then true.
 */
export async function stopCommits(): Promise<void> {
  stopRequested = true;
  await committing?.catch(() => {});
}

/** `.name.PID.TIME.tmp` (and `.bak` for a replaced file kept until the whole commit is done). */
function tempName(target: string, ext: 'tmp' | 'bak'): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.${ext}`);
}

/** Bytes an output may hold in memory before a write waits for the disk. */
const WRITE_BUFFER_BYTES = 1 << 22;

export class AtomicFile {
  readonly target: string;
  readonly #temp: string | undefined;
  readonly #stream: WriteStream | NodeJS.WriteStream;

  constructor(target: string) {
    this.target = target;
    if (target === '-') {
      this.#stream = process.stdout;
    } else {
      this.#temp = tempName(target, 'tmp');
      removeOnExit(this.#temp);
      // A deep buffer: a writer hands over megabytes at a time and goes on making the next while
      // the file system writes (at the default 16 KB every write waited for the disk).
      this.#stream = createWriteStream(this.#temp, { highWaterMark: WRITE_BUFFER_BYTES });
      openFiles.add(this);
    }
  }

  /** Writes a chunk, waiting when the stream asks for back-pressure. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }

  /** Flushes the temporary file to disk and renames it onto the target (`commitAll` of one). */
  async commit(): Promise<void> {
    await AtomicFile.commitAll([this]);
  }

  /** Removes the temporary file; the target is left as it was. */
  async abort(): Promise<void> {
    if (this.#temp === undefined) return;
    (this.#stream as WriteStream).destroy();
    await rm(this.#temp, { force: true });
    forget(this.#temp);
    openFiles.delete(this);
  }

  /**
   * Commits several outputs as one unit: all of them or none. First every temporary is finished
   * and fsynced (a signal or error here leaves no output); then a target that exists is kept
   * under a `.bak` hard link, and the temporaries are renamed in turn. A rename that fails puts
   * back the targets already renamed (the old file, or no file); a signal waits for the renames
   * (`stopCommits`). Last the folders are fsynced and the backups removed.
   * @example await AtomicFile.commitAll([kept, clusters, report])
   */
  static async commitAll(files: readonly AtomicFile[]): Promise<void> {
    const real = files.filter((f) => f.#temp !== undefined);
    // Each file finished and fsynced at once: the disk flushes them together, not one by one.
    await Promise.all(
      real.map(async (f) => {
        const stream = f.#stream as WriteStream;
        if (!stream.writableFinished) {
          stream.end();
          await once(stream, 'finish');
        }
        await syncFile(f.#temp!);
      }),
    );
    if (stopRequested)
      throw new NeardupError('E_INTERRUPTED', 'interrupted before the outputs were committed');
    committing = renameAll(real.map((f) => ({ temp: f.#temp!, target: f.target })));
    try {
      await committing;
    } finally {
      committing = undefined;
    }
    for (const f of real) {
      forget(f.#temp!);
      openFiles.delete(f);
      committedTargets.push(f.target);
    }
  }
}

/** Commits every output, or none; see `AtomicFile.commitAll`. */
export function commitAll(files: readonly AtomicFile[]): Promise<void> {
  return AtomicFile.commitAll(files);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function renameAll(moves: readonly { temp: string; target: string }[]): Promise<void> {
  const backups: (string | undefined)[] = [];
  let renamed = 0;
  let at = '';
  try {
    for (const { target } of moves) {
      at = target;
      let backup: string | undefined;
      if (await exists(target)) {
        backup = tempName(target, 'bak');
        // A hard link keeps the old file at its name until the rename replaces it.
        await link(target, backup).catch(() => copyFile(target, backup!));
      }
      backups.push(backup);
    }
    const pause = Number(process.env.NEARDUP_TEST_COMMIT_PAUSE_MS ?? 0);
    for (const { temp, target } of moves) {
      at = target;
      await rename(temp, target);
      renamed++;
      // Test hook: hold the commit open so a test can signal inside it.
      if (pause > 0 && renamed < moves.length) {
        process.stderr.write('neardup: committing\n');
        await sleep(pause);
      }
    }
  } catch (error) {
    const stuck: string[] = [];
    for (let i = renamed - 1; i >= 0; i--) {
      const { target } = moves[i];
      const backup = backups[i];
      try {
        if (backup !== undefined) await rename(backup, target);
        else await rm(target, { force: true });
      } catch {
        stuck.push(target);
      }
    }
    for (const b of backups.slice(renamed)) if (b !== undefined) await rm(b, { force: true });
    throw new NeardupError(
      'E_IO',
      `cannot write ${at}: ${(error as Error).message}; no output was written` +
        (renamed > 0 ? ` (${renamed} already renamed were put back)` : '') +
        (stuck.length > 0 ? `; could not put back ${stuck.join(', ')}` : ''),
      { cause: error },
    );
  }
  for (const folder of new Set(moves.map((m) => dirname(m.target)))) await syncDir(folder);
  for (const b of backups) if (b !== undefined) await rm(b, { force: true });
}

/** Removes every uncommitted temporary file (for SIGINT/SIGTERM and fatal errors). */
export async function abortAll(): Promise<void> {
  await Promise.all([...openFiles].map((f) => f.abort()));
}

/**
 * Removes our temporaries for `target` left by an earlier run that was killed (SIGKILL, power
 * loss): `.name.PID.TIME.tmp` whose process is gone or which is an hour old. Returns their names.
 * A `.bak` is never removed: it is the user's previous file.
 * @example await sweepStaleTemps('out/clean.jsonl') // ['out/.clean.jsonl.4121.1764262800000.tmp']
 */
export async function sweepStaleTemps(target: string): Promise<string[]> {
  const folder = dirname(target);
  const prefix = `.${basename(target)}.`;
  const names = await readdir(folder).catch(() => [] as string[]);
  const swept: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.(\d+)\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const path = join(folder, name);
    if (await isStale(path, Number(m[1]))) {
      await rm(path, { force: true });
      swept.push(path);
    }
  }
  return swept;
}

async function canonicalPath(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return resolve(p);
  }
}

/** What a file that is not regular is, in words. */
function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/**
 * Refuses an output path that is the input, or an existing file without `force`; and, force or
 * not, a folder, a symbolic link, a FIFO, socket or device: only regular files are replaced.
 * @example await checkOutputPath('clean.jsonl', 'corpus.jsonl', false)
 */
export async function checkOutputPath(
  output: string,
  input: string,
  force: boolean,
  flag: string,
): Promise<void> {
  if (output === '-') return;
  if (input !== '-' && (await canonicalPath(output)) === (await canonicalPath(input))) {
    throw new NeardupError(
      'E_USAGE',
      `${flag} ${output} is the input file; neardup never overwrites its input — choose another name`,
    );
  }
  // lstat: a link is judged as itself, not as what it points to (see below).
  const info = await lstat(output).catch(() => undefined);
  if (info?.isDirectory())
    throw new NeardupError('E_USAGE', `${flag} ${output} is a folder; name a file in it`);
  if (info?.isSymbolicLink()) {
    // Renaming the finished temporary over a link replaces the link, not the file it names; and
    // writing through it would let whoever can make links in the folder aim our output anywhere.
    const target = await readlink(output).catch(() => '?');
    throw new NeardupError(
      'E_USAGE',
      `${flag} ${output} is a symbolic link (to ${target}); neardup replaces only regular files — name the file itself, or remove the link`,
    );
  }
  if (info !== undefined && !info.isFile()) {
    // A FIFO, socket or device cannot be replaced by a rename without losing what it is.
    throw new NeardupError(
      'E_USAGE',
      `${flag} ${output} is ${specialKind(info)}, not a regular file; neardup writes a temporary file and renames it over the output, which would replace it — to write into it, send the output to stdout (${flag} -) and redirect: > ${output}`,
    );
  }
  const exists = info !== undefined;
  if (exists && !force) {
    throw new NeardupError('E_USAGE', `${flag} ${output} already exists; pass --force to replace it`);
  }
  // The folder must exist and take new files now, not after the whole run has been read.
  const folder = dirname(resolve(output));
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not writable';
    throw new NeardupError(
      'E_IO',
      `${flag} ${output}: its folder ${folder} ${why}; nothing was read or written`,
      { cause: error },
    );
  }
  await sweepStaleTemps(output);
}

/**
 * Refuses two outputs that name the same file (`-o x --clusters x` would write one over the other).
 * @example await checkDistinctOutputs([['-o', 'a.jsonl'], ['--clusters', 'a.jsonl']]) // throws
 */
export async function checkDistinctOutputs(
  outputs: readonly (readonly [string, string | undefined])[],
): Promise<void> {
  const seen = new Map<string, string>();
  for (const [flag, path] of outputs) {
    if (path === undefined || path === '-') continue;
    const key = await canonicalPath(path);
    const other = seen.get(key);
    if (other !== undefined)
      throw new NeardupError(
        'E_USAGE',
        `${other} and ${flag} both name ${path}; give each output its own file`,
      );
    seen.set(key, flag);
  }
}
