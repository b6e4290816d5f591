/**
 * Index snapshots: a versioned binary file with the parameters in its header and a CRC-32 over
 * everything, written to a temporary name and renamed. A file that is corrupt, truncated, of
 * another version or built with other parameters is refused with a message that says which —
 * never loaded into wrong answers.
 *
 * Layout (little-endian): "NDIX" · u32 version · u32 header length · header JSON ·
 * u32 item count · items · u32 CRC-32 of all bytes before it. An item: u32 id length, id (UTF-8),
 * u32 root length, root, f64 time, f64 date, u32 n + n u32 shingles, u32 n + n u32 tokens,
 * u32 n + n u32 body shingles, u32 n + n u32 band hashes.
 */
import { describeModel } from '../verify/model-hash.js';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { durableRename } from '../files/durable.js';
import { forget, removeOnExit } from '../files/temp-paths.js';
import { basename, dirname, join } from 'node:path';
import { NeardupError } from '../errors.js';
import { arrival } from './arrival.js';
import { crc32 } from './crc32.js';
import { corrupt, snapshotParams } from './snapshot-header.js';
import { resolveOptions } from '../options/options.js';
import { formatDuration } from './duration.js';
import { bandLayout, type StoredItem } from './item-features.js';
import { MemoryStore } from './memory-store.js';
import { NearDupIndex, type IndexOptions } from './near-dup-index.js';

const MAGIC = 0x5849444e; // "NDIX"
export const SNAPSHOT_VERSION = 1;

const params = (index: NearDupIndex) => index.parameters();

class Writer {
  #buf = Buffer.alloc(1 << 16);
  #at = 0;
  #reserve(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    const grown = Buffer.alloc(Math.max(this.#buf.length * 2, this.#at + n));
    this.#buf.copy(grown, 0, 0, this.#at);
    this.#buf = grown;
  }
  u32(v: number): void {
    this.#reserve(4);
    this.#buf.writeUInt32LE(v >>> 0, this.#at);
    this.#at += 4;
  }
  f64(v: number): void {
    this.#reserve(8);
    this.#buf.writeDoubleLE(v, this.#at);
    this.#at += 8;
  }
  bytes(b: Uint8Array): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.#at);
    this.#at += b.length;
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u32(b.length);
    this.bytes(b);
  }
  u32s(a: Uint32Array): void {
    this.u32(a.length);
    this.bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  done(): Buffer {
    return this.#buf.subarray(0, this.#at);
  }
}

class Reader {
  #at = 0;
  constructor(
    readonly buf: Buffer,
    readonly file: string,
  ) {}
  #need(n: number): void {
    if (this.#at + n > this.buf.length - 4) throw corrupt(this.file, 'it ends early');
  }
  u32(): number {
    this.#need(4);
    const v = this.buf.readUInt32LE(this.#at);
    this.#at += 4;
    return v;
  }
  f64(): number {
    this.#need(8);
    const v = this.buf.readDoubleLE(this.#at);
    this.#at += 8;
    return v;
  }
  str(): string {
    const n = this.u32();
    this.#need(n);
    const s = this.buf.toString('utf8', this.#at, this.#at + n);
    this.#at += n;
    return s;
  }
  u32s(): Uint32Array {
    const n = this.u32();
    this.#need(n * 4);
    const out = new Uint32Array(n);
    new Uint8Array(out.buffer).set(this.buf.subarray(this.#at, this.#at + n * 4));
    this.#at += n * 4;
    return out;
  }
  get position(): number {
    return this.#at;
  }
}

/** What a snapshot holds, taken from an index at one instant (`captureSnapshot`). */
export interface SnapshotState {
  params: ReturnType<typeof params>;
  clock: number | null;
  /** In arrival order. Stored items are never changed in place, so holding them is a copy. */
  items: StoredItem[];
}

/**
 * The index's state at this instant, in O(items) time without encoding it: the write that
 * follows may run while the index takes more writes (`writeSnapshot`).
 */
export function captureSnapshot(index: NearDupIndex): SnapshotState {
  if (!(index.store instanceof MemoryStore))
    throw new TypeError('only an in-memory index can be saved to a snapshot (a Redis index lives in Redis)');
  // In arrival order, which loading keeps (each item's place in the file is its order there).
  const items = index.store.items().sort((x, y) => x.seq - y.seq);
  return { params: params(index), clock: index.clock ?? null, items };
}

/**
 * Writes an in-memory index to a snapshot file, atomically.
 * @example await saveSnapshot(index, 'feed.ndix')
 */
export async function saveSnapshot(index: NearDupIndex, path: string): Promise<void> {
  await writeSnapshot(captureSnapshot(index), path);
}

/**
 * Writes a captured state to a snapshot file, atomically. With `yieldEvery`, it lets the event
 * loop run every that many items, so a server compacting its log in the background goes on
 * answering (the encoding of a million items takes seconds).
 * @example await writeSnapshot(captureSnapshot(index), 'feed.ndix', { yieldEvery: 5000 })
 */
export async function writeSnapshot(
  state: SnapshotState,
  path: string,
  options: { yieldEvery?: number } = {},
): Promise<number> {
  const { items } = state;
  const w = new Writer();
  w.u32(MAGIC);
  w.u32(SNAPSHOT_VERSION);
  w.str(
    JSON.stringify({
      format: 'neardup-index',
      params: state.params,
      items: items.length,
      // The latest date filed, which undated items take (it may outlive the items that had it).
      clock: state.clock,
      written: new Date().toISOString(),
    }),
  );
  w.u32(items.length);
  const every = options.yieldEvery ?? Number.POSITIVE_INFINITY;
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    w.str(it.id);
    w.str(it.root);
    w.f64(it.time);
    w.f64(it.date);
    w.u32s(it.shingles);
    w.u32s(it.tokens);
    w.u32s(it.body);
    w.u32s(it.bands);
    if ((k + 1) % every === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const body = w.done();
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(body));
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  // Removed on every way out, SIGINT during the write included (the CLI exits from its handler).
  removeOnExit(temp);
  try {
    await writeFile(temp, Buffer.concat([body, crc]));
    await durableRename(temp, path);
    forget(temp);
  } catch (error) {
    await rm(temp, { force: true });
    forget(temp);
    throw new NeardupError('E_IO', `cannot write index snapshot ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return body.length + 4;
}

/**
 * Loads a snapshot. Parameters given in `options` must equal the snapshot's; those not given are
 * taken from it.
 * @example const index = await loadSnapshot('feed.ndix')
 */
export async function loadSnapshot(path: string, options: IndexOptions = {}): Promise<NearDupIndex> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (error) {
    throw new NeardupError(
      'E_IO',
      `cannot read index snapshot ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  if (buf.length < 16) throw corrupt(path, 'it is too short');
  if (buf.readUInt32LE(0) !== MAGIC) throw corrupt(path, 'wrong magic bytes');
  const stored = buf.readUInt32LE(buf.length - 4);
  if (crc32(buf.subarray(0, buf.length - 4)) !== stored) throw corrupt(path, 'checksum mismatch');
  const version = buf.readUInt32LE(4);
  if (version !== SNAPSHOT_VERSION) {
    throw new NeardupError(
      'E_INPUT',
      `index snapshot ${path} is version ${version}; this neardup reads version ${SNAPSHOT_VERSION} — rebuild it with neardup index build`,
    );
  }
  const r = new Reader(buf, path);
  r.u32();
  r.u32();
  let header: unknown;
  try {
    header = JSON.parse(r.str());
  } catch (error) {
    throw corrupt(path, `its header is not valid JSON (${(error as Error).message})`);
  }
  const p = snapshotParams(path, header);
  const fromSnapshot: IndexOptions = {
    match: p.match,
    bodyThreshold: p.bodyThreshold,
    bodyNgram: p.bodyNgram,
    containment: p.containment,
    bodyKernel: p.bodyKernel,
    threshold: p.threshold,
    ngram: p.ngram,
    perms: p.perms,
    seed: p.seed,
    bands: p.bands,
    rows: p.rows,
    foldScript: p.foldScript,
    verify: p.verify,
    disableRules: Object.entries(p.rules)
      .filter(([, on]) => !on)
      .map(([k]) => k) as IndexOptions['disableRules'],
    dateWindowDays: p.dateWindowDays,
    window: p.window ?? undefined,
  };
  // Fields of the right type can still be out of range (a threshold of 5): the engine's own
  // checks say which, about the file rather than about the caller's options.
  try {
    const { window: _window, ...engine } = fromSnapshot;
    resolveOptions(engine);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError)
      throw corrupt(path, `its header's parameters are not valid: ${error.message}`);
    throw error;
  }
  // Options given explicitly must agree with how the snapshot was built.
  const asked = new NearDupIndex({
    ...fromSnapshot,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  });
  // A snapshot written before models were recorded has no `model`: it is taken as built with this one.
  const mismatch = Object.entries(params(asked)).filter(
    ([k, v]) =>
      !(k === 'model' && !('model' in p)) &&
      JSON.stringify(v) !== JSON.stringify((p as Record<string, unknown>)[k]),
  );
  if (mismatch.length > 0) {
    const [k, v] = mismatch[0];
    const built = (p as Record<string, unknown>)[k];
    if (k === 'text')
      throw new NeardupError(
        'E_USAGE',
        `index snapshot ${path} was built by a neardup that normalised text ${built === undefined ? 'in its first way (什么 read as 什幺)' : `by version ${JSON.stringify(built)}`}, and this one normalises by version ${JSON.stringify(v)}: its items would not meet new ones; rebuild the index with neardup index build`,
      );
    if (k === 'model')
      throw new NeardupError(
        'E_USAGE',
        `index snapshot ${path} was built with model ${describeModel(built as string | null)}, and this process decides with ${describeModel(v as string | null)}; pass the --model file it was built with, or rebuild the index with this one`,
      );
    // A window is shown as the duration the flag takes (48h), not in milliseconds.
    const show = (x: unknown) =>
      k === 'window' ? (typeof x === 'number' ? formatDuration(x) : 'none') : JSON.stringify(x);
    throw new NeardupError(
      'E_USAGE',
      `index snapshot ${path} was built with ${k} = ${show(built)}, not ${show(v)}; use the snapshot's settings${k === 'window' ? ` (--window ${show(built)}, or leave it out)` : ''} or rebuild the index`,
    );
  }
  // maxBucket bounds queries, not what is stored: the caller's, not the snapshot's.
  const index = new NearDupIndex({ ...fromSnapshot, maxBucket: options.maxBucket });
  const store = index.store as MemoryStore;
  const layout = bandLayout(index.options);
  const expectedBands = layout.titleBands + layout.bodyBands;
  const count = r.u32();
  for (let k = 0; k < count; k++) {
    const item: StoredItem = {
      id: r.str(),
      root: r.str(),
      time: r.f64(),
      date: r.f64(),
      shingles: r.u32s(),
      tokens: r.u32s(),
      body: r.u32s(),
      bands: r.u32s(),
      seq: arrival(),
    };
    if (item.bands.length !== 0 && item.bands.length !== expectedBands)
      throw corrupt(path, `item ${k} has ${item.bands.length} band hashes, not ${expectedBands}`);
    store.putSync(item, index.windowMs);
    if (!Number.isNaN(item.date)) index.restoreClock(item.date);
  }
  if (r.position !== buf.length - 4) throw corrupt(path, 'bytes after the last item');
  // The latest date filed, which undated items take (written since issue #29; absent before).
  const clock = (header as { clock?: unknown }).clock;
  if (typeof clock === 'number' && Number.isFinite(clock)) index.restoreClock(clock);
  return index;
}
