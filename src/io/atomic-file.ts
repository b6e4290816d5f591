/**
 * Output files written to a temporary name beside the target and renamed into place on commit,
 * so a failed or interrupted run never leaves half a file and never clobbers a good one. `-`
 * writes to stdout instead (nothing to rename).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { constants } from 'node:fs';
import { access, realpath, rm, stat } from 'node:fs/promises';
import { durableRename } from './durable.js';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { NeardupError } from '../errors.js';

/** Every temporary file not yet committed, so a signal handler can remove them all. */
const openFiles = new Set<AtomicFile>();
/** The targets committed so far in this process, so an interrupted run can say what it left. */
const committedTargets: string[] = [];

/** The output files this process has committed (renamed into place), in order. */
export function committedOutputs(): readonly string[] {
  return committedTargets;
}

export class AtomicFile {
  readonly target: string;
  readonly #temp: string | undefined;
  readonly #stream: WriteStream | NodeJS.WriteStream;

  constructor(target: string) {
    this.target = target;
    if (target === '-') {
      this.#stream = process.stdout;
    } else {
      this.#temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
      this.#stream = createWriteStream(this.#temp);
      openFiles.add(this);
    }
  }

  /** Writes a chunk, waiting when the stream asks for back-pressure. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }

  /** Flushes and renames the temporary file onto the target. */
  async commit(): Promise<void> {
    if (this.#temp === undefined) return;
    const stream = this.#stream as WriteStream;
    stream.end();
    await once(stream, 'finish');
    await durableRename(this.#temp, this.target);
    openFiles.delete(this);
    committedTargets.push(this.target);
  }

  /** Removes the temporary file; the target is left as it was. */
  async abort(): Promise<void> {
    if (this.#temp === undefined) return;
    (this.#stream as WriteStream).destroy();
    await rm(this.#temp, { force: true });
    openFiles.delete(this);
  }
}

/** Removes every uncommitted temporary file (for SIGINT/SIGTERM and fatal errors). */
export async function abortAll(): Promise<void> {
  await Promise.all([...openFiles].map((f) => f.abort()));
}

async function canonicalPath(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return resolve(p);
  }
}

/**
 * Refuses an output path that is the input, or an existing file without `force`.
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
  const exists = await stat(output).then(
    () => true,
    () => false,
  );
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
