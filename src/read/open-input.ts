/**
 * Opening inputs: a path (gzip detected by its magic bytes, not its name) or `-` for stdin. Stdin
 * is spooled to a temporary file first, because writing the deduplicated output reads the input a
 * second time; the spool is removed by `release`.
 */
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { NeardupError } from '../errors.js';
import { forget, isStale, removeOnExit } from '../files/temp-paths.js';

export interface InputSource {
  /** What messages call the input: its path, or `<stdin>`. */
  name: string;
  /** A readable path: the input itself or the stdin spool. */
  path: string;
  /** Removes the stdin spool, if any. */
  release(): Promise<void>;
}

/** The spool files of this process, which messages call `<stdin>`. */
const spools = new Set<string>();

/** Spool folders are `neardup-stdin-PID-XXXXXX` in the system's temporary folder. */
const SPOOL_PREFIX = 'neardup-stdin-';

/**
 * Removes spools left by runs that were killed (SIGKILL): those whose process is gone. Not by age:
 * a live run may read its spool for hours, and its folder's time does not move.
 */
export async function sweepStaleSpools(folder = tmpdir()): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const swept: string[] = [];
  for (const name of names) {
    const m = new RegExp(`^${SPOOL_PREFIX}(\\d+)-[A-Za-z0-9]{6}$`).exec(name);
    if (!m) continue;
    const path = join(folder, name);
    if (await isStale(path, Number(m[1]), Number.POSITIVE_INFINITY)) {
      await rm(path, { recursive: true, force: true }).catch(() => {});
      swept.push(path);
    }
  }
  return swept;
}

/** Resolves `-` to a spooled copy of stdin; checks that a path is a readable file. */
export async function openInput(path: string, stdin: Readable = process.stdin): Promise<InputSource> {
  if (path === '-') {
    await sweepStaleSpools();
    const dir = await mkdtemp(join(tmpdir(), `${SPOOL_PREFIX}${process.pid}-`));
    // Removed by release, or on any exit before it (SIGINT, an uncaught error).
    removeOnExit(dir);
    const release = async () => {
      await rm(dir, { recursive: true, force: true });
      forget(dir);
    };
    const spool = join(dir, 'stdin');
    spools.add(spool);
    try {
      await pipeline(stdin, createWriteStream(spool));
    } catch (error) {
      await release();
      throw error;
    }
    return { name: '<stdin>', path: spool, release };
  }
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw new NeardupError(
      'E_IO',
      `cannot read input "${path}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  if (!info.isFile()) throw new NeardupError('E_IO', `input "${path}" is not a file`);
  return { name: path, path, release: async () => {} };
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** How far a read has got through the file on disk (compressed bytes for gzip). */
export interface ReadProgress {
  read: number;
  total: number;
}

/** A byte stream of the input's content, gunzipped when it is gzip; `progress` follows the file; `chunkBytes`: the size of a read. */
export async function readBytes(
  path: string,
  progress?: ReadProgress,
  chunkBytes = 1 << 20,
): Promise<Readable> {
  let raw: Readable = createReadStream(path, { highWaterMark: chunkBytes });
  if (progress) {
    progress.total = (await stat(path)).size;
    // Count in a pass-through: a 'data' listener on the file stream would start it flowing early.
    const file = raw;
    raw = file.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          progress.read += chunk.length;
          done(null, chunk);
        },
      }),
    );
    file.on('error', (e) => raw.destroy(e));
    // A reader that stops early destroys what it was given: the file goes with it.
    raw.on('close', () => file.destroy());
  }
  if (!(await isGzip(path))) return raw;
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (e) => gunzip.destroy(e));
  // zlib's own errors ("unexpected end of file") name no file and would read as a runtime failure:
  // a truncated or corrupt gzip is bad input (exit 3), named.
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  gunzip.on('error', (e: NodeJS.ErrnoException) =>
    out.destroy(e.code?.startsWith('Z_') ? gzipError(path, e) : e),
  );
  // A reader that stops early destroys `out`: the file and the inflater go with it, else the
  // file stays open for the rest of the process.
  out.on('close', () => {
    gunzip.destroy();
    raw.destroy();
  });
  return raw.pipe(gunzip).pipe(out);
}

/** What messages call a path: the input's own name, or `<stdin>` for the spool. */
function inputName(path: string): string {
  return spools.has(path) ? '<stdin>' : path;
}

function gzipError(path: string, error: NodeJS.ErrnoException): NeardupError {
  const why =
    error.code === 'Z_BUF_ERROR' ? 'is truncated (it ends mid-stream)' : `is corrupt (${error.message})`;
  return new NeardupError(
    'E_INPUT',
    `${inputName(path)}: the gzip data ${why}; download or compress it again`,
    { cause: error },
  );
}
