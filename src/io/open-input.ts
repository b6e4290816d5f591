/**
 * Opening inputs: a path (gzip detected by its magic bytes, not its name) or `-` for stdin. Stdin
 * is spooled to a temporary file first, because writing the deduplicated output reads the input a
 * second time; the spool is removed by `release`.
 */
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { NeardupError } from '../errors.js';

export interface InputSource {
  /** What messages call the input: its path, or `<stdin>`. */
  name: string;
  /** A readable path: the input itself or the stdin spool. */
  path: string;
  /** Removes the stdin spool, if any. */
  release(): Promise<void>;
}

/** Resolves `-` to a spooled copy of stdin; checks that a path is a readable file. */
export async function openInput(path: string, stdin: Readable = process.stdin): Promise<InputSource> {
  if (path === '-') {
    const dir = await mkdtemp(join(tmpdir(), 'neardup-stdin-'));
    const spool = join(dir, 'stdin');
    await pipeline(stdin, createWriteStream(spool));
    return { name: '<stdin>', path: spool, release: () => rm(dir, { recursive: true, force: true }) };
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

/** A byte stream of the input's content, gunzipped when it is gzip; `progress` follows the file. */
export async function readBytes(path: string, progress?: ReadProgress): Promise<Readable> {
  let raw: Readable = createReadStream(path, { highWaterMark: 1 << 20 });
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
  }
  if (!(await isGzip(path))) return raw;
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}
