/**
 * Corpus statistics: how many headlines of a corpus contain a shingle (its document frequency),
 * so that text common across the corpus counts for less when two headlines share it. Sharing
 * `招生简章` or `战胜` with another headline is weak evidence, since thousands do; sharing `芋丝`
 * is strong. The weight of a shingle is its inverse document frequency (Spärck Jones 1972),
 * idf = ln((N + 1) / (df + 1)).
 *
 * The bundled table (`data/df-table.bin`, built by `npm run build-df` from the 1M-headline
 * corpus) keeps only shingles and tokens seen in at least `minDf` distinct headlines, their
 * document frequency quantised to a byte of ln(df) × 16 (within 3%); anything else counts as
 * rare. Lookups go through an open-addressing table built once at load, a few nanoseconds each.
 * The online index adds the items it sees on top (`observe`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ShingleParams } from '../text/shingle.js';

/** What the decision asks of corpus statistics. */
export interface CorpusStats {
  /** The inverse document frequency of a shingle hash. */
  idf(shingle: number): number;
  /** The inverse document frequency of a token id. */
  tokenIdf(token: number): number;
  /** ln(N + 1) for N headlines counted: the IDF of a key no headline has. */
  lnDocs(): number;
  /**
   * How many of the two items of a pair being decided these statistics have counted: 2 for a
   * batch corpus (every item), 1 for the online index (the stored item, not the arrival), 0 for
   * the bundled table alone. A feature that asks how many *other* headlines share a key takes
   * them off, so that a pair reads alike in a corpus run, the online index and `explain`.
   * @default 0
   */
  readonly pairCounted?: number;
}

const MAGIC = 0x4644444e; // 'NDDF' read little-endian
const VERSION = 1;
/** ln(df) is stored × this in a byte: df up to e^(255/16) ≈ 8.4M. */
export const LOG_SCALE = 16;
const HEADER_BYTES = 40;

/** The shingle parameters a table was counted with: lookups mean something only under the same. */
export interface TableParams {
  ngram: number;
  seed: number;
  foldScript: boolean;
  stripTags: boolean;
}

/** A document-frequency table as stored: sorted unique keys and their quantised ln(df). */
export interface DfTable {
  params: TableParams;
  /** Distinct headlines counted. */
  docs: number;
  /** Keys seen in fewer headlines than this were left out. */
  minDf: number;
  shingleKeys: Uint32Array;
  shingleLogDf: Uint8Array;
  tokenKeys: Uint32Array;
  tokenLogDf: Uint8Array;
}

/** ln(df) × LOG_SCALE in a byte. */
export function quantiseDf(df: number): number {
  return Math.min(255, Math.round(Math.log(df) * LOG_SCALE));
}

/**
 * The table as bytes: a 40-byte little-endian header (magic, version, ngram, seed, flags, docs,
 * minDf, counts), then the shingle keys, their bytes, the token keys and theirs.
 * @example decodeDfTable(encodeDfTable(table)).docs === table.docs // true
 */
export function encodeDfTable(t: DfTable): Uint8Array {
  const ns = t.shingleKeys.length;
  const nt = t.tokenKeys.length;
  const out = new Uint8Array(HEADER_BYTES + ns * 5 + nt * 5);
  const dv = new DataView(out.buffer);
  const flags = (t.params.foldScript ? 1 : 0) | (t.params.stripTags ? 2 : 0);
  [MAGIC, VERSION, t.params.ngram, t.params.seed, flags, t.docs, t.minDf, ns, nt, 0].forEach((v, i) =>
    dv.setUint32(i * 4, v >>> 0, true),
  );
  let at = HEADER_BYTES;
  for (const k of t.shingleKeys) dv.setUint32(at, k, true), (at += 4);
  out.set(t.shingleLogDf, at);
  at += ns;
  for (const k of t.tokenKeys) dv.setUint32(at, k, true), (at += 4);
  out.set(t.tokenLogDf, at);
  return out;
}

export function decodeDfTable(bytes: Uint8Array): DfTable {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u = (i: number) => dv.getUint32(i * 4, true);
  if (bytes.byteLength < HEADER_BYTES || u(0) !== MAGIC)
    throw new Error('not a neardup document-frequency table (bad magic)');
  if (u(1) !== VERSION)
    throw new Error(`document-frequency table version ${u(1)}; this build reads version ${VERSION}`);
  const ns = u(7);
  const nt = u(8);
  if (bytes.byteLength !== HEADER_BYTES + 5 * (ns + nt))
    throw new Error('document-frequency table is truncated');
  const keys = (from: number, n: number) => {
    const k = new Uint32Array(n);
    for (let i = 0; i < n; i++) k[i] = dv.getUint32(from + i * 4, true);
    return k;
  };
  let at = HEADER_BYTES;
  const shingleKeys = keys(at, ns);
  at += ns * 4;
  const shingleLogDf = bytes.slice(at, at + ns);
  at += ns;
  const tokenKeys = keys(at, nt);
  at += nt * 4;
  const tokenLogDf = bytes.slice(at, at + nt);
  return {
    params: { ngram: u(2), seed: u(3), foldScript: (u(4) & 1) !== 0, stripTags: (u(4) & 2) !== 0 },
    docs: u(5),
    minDf: u(6),
    shingleKeys,
    shingleLogDf,
    tokenKeys,
    tokenLogDf,
  };
}

/**
 * Open addressing with linear probing over power-of-two slots (key 0 is kept aside, as the empty
 * mark): a lookup is a multiply, a shift and usually one probe.
 */
class ByteMap {
  readonly #keys: Uint32Array;
  readonly #values: Uint8Array;
  readonly #shift: number;
  readonly #mask: number;
  #zero = -1;

  constructor(keys: Uint32Array, values: Uint8Array) {
    const bits = Math.max(4, Math.ceil(Math.log2(keys.length * 2 + 1)));
    this.#keys = new Uint32Array(1 << bits);
    this.#values = new Uint8Array(1 << bits);
    this.#shift = 32 - bits;
    this.#mask = (1 << bits) - 1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === 0) {
        this.#zero = values[i];
        continue;
      }
      let s = Math.imul(k, 0x9e3779b1) >>> this.#shift;
      while (this.#keys[s] !== 0) s = (s + 1) & this.#mask;
      this.#keys[s] = k;
      this.#values[s] = values[i];
    }
  }

  /** The value of a key, or -1. */
  get(k: number): number {
    if (k === 0) return this.#zero;
    const keys = this.#keys;
    let s = Math.imul(k, 0x9e3779b1) >>> this.#shift;
    for (;;) {
      const at = keys[s];
      if (at === k) return this.#values[s];
      if (at === 0) return -1;
      s = (s + 1) & this.#mask;
    }
  }
}

/**
 * IDF lookups over a bundled table, with counts of items seen since (the online index's
 * arrivals) added on top. Statistics for other shingle parameters than the table's are empty:
 * every shingle is then equally rare, and weighted overlaps equal plain ones.
 */
export class TableStats implements CorpusStats {
  readonly #shingles: ByteMap;
  readonly #tokens: ByteMap;
  /** ln(df) of a key left out of the table: half the cut-off. */
  readonly #unseenLogDf: number;
  readonly #extraShingles = new Map<number, number>();
  readonly #extraTokens = new Map<number, number>();
  #docs: number;
  #lnDocs: number;
  readonly #base: DfTable;
  /** The IDF of each stored byte, and of a key left out (index 256): no exp or log per lookup. */
  readonly #idfOfByte = new Float64Array(257);

  constructor(table: DfTable) {
    this.#base = table;
    this.#shingles = new ByteMap(table.shingleKeys, table.shingleLogDf);
    this.#tokens = new ByteMap(table.tokenKeys, table.tokenLogDf);
    this.#unseenLogDf = Math.log(Math.max(1, table.minDf / 2));
    this.#docs = table.docs;
    this.#lnDocs = Math.log(this.#docs + 1);
    this.#fillIdfOfByte();
  }

  #fillIdfOfByte(): void {
    for (let q = 0; q < 256; q++) this.#idfOfByte[q] = this.#lnDocs - Math.log1p(Math.exp(q / LOG_SCALE));
    this.#idfOfByte[256] = this.#lnDocs - Math.log1p(Math.exp(this.#unseenLogDf));
  }

  get params(): TableParams {
    return this.#base.params;
  }

  /** Headlines counted: the table's and those observed since. */
  get docs(): number {
    return this.#docs;
  }

  lnDocs(): number {
    return this.#lnDocs;
  }

  #df(map: ByteMap, extra: Map<number, number>, k: number): number {
    const q = map.get(k);
    const base = this.dfOfByte(q < 0 ? 256 : q);
    return extra.size === 0 ? base : base + (extra.get(k) ?? 0);
  }

  /** The document frequency of a shingle hash (approximate: quantised, rare ones estimated). */
  df(shingle: number): number {
    return this.#df(this.#shingles, this.#extraShingles, shingle);
  }

  idf(shingle: number): number {
    if (this.#extraShingles.size === 0) return this.#idfOfByte[this.shingleByte(shingle)];
    return this.#lnDocs - Math.log1p(this.df(shingle));
  }

  /** A shingle's stored byte (ln(df) × LOG_SCALE), or 256 when the table left it out. */
  shingleByte(shingle: number): number {
    const q = this.#shingles.get(shingle);
    return q < 0 ? 256 : q;
  }

  /** A token's stored byte, or 256 when the table left it out. */
  tokenByte(token: number): number {
    const q = this.#tokens.get(token);
    return q < 0 ? 256 : q;
  }

  /** The document frequency a stored byte stands for (index 256: a key left out). */
  dfOfByte(q: number): number {
    return q === 256 ? Math.exp(this.#unseenLogDf) : Math.exp(q / LOG_SCALE);
  }

  /** The document frequency of a token id (approximate, as `df`). */
  tokenDf(token: number): number {
    return this.#df(this.#tokens, this.#extraTokens, token);
  }

  tokenIdf(token: number): number {
    if (this.#extraTokens.size === 0) return this.#idfOfByte[this.tokenByte(token)];
    return this.#lnDocs - Math.log1p(this.#df(this.#tokens, this.#extraTokens, token));
  }

  /**
   * Counts one more headline: its sorted unique shingles and its tokens (repeats in it count once).
   * @example stats.observe(shingles, 0, shingles.length, tokens, 0, tokens.length)
   */
  observe(
    shingles: ArrayLike<number>,
    sFrom: number,
    sTo: number,
    tokens: ArrayLike<number>,
    tFrom: number,
    tTo: number,
  ): void {
    for (let k = sFrom; k < sTo; k++)
      this.#extraShingles.set(shingles[k], (this.#extraShingles.get(shingles[k]) ?? 0) + 1);
    const seen = new Set<number>();
    for (let k = tFrom; k < tTo; k++) seen.add(tokens[k]);
    for (const t of seen) this.#extraTokens.set(t, (this.#extraTokens.get(t) ?? 0) + 1);
    this.#docs++;
    this.#lnDocs = Math.log(this.#docs + 1);
    this.#fillIdfOfByte();
  }
}

/** Statistics that know nothing: every shingle and token weighs the same. */
export const UNIFORM_STATS: CorpusStats = { idf: () => 1, tokenIdf: () => 1, lnDocs: () => 1 };

const HERE = dirname(fileURLToPath(import.meta.url));
/** data/ of the package, from src/verify (tests) or dist/src/verify (the build). */
export const DF_TABLE_FILE = 'df-table.bin';
export const DATA_DIR =
  [join(HERE, '..', '..', 'data'), join(HERE, '..', '..', '..', 'data')].find((p) =>
    existsSync(join(p, DF_TABLE_FILE)),
  ) ?? join(HERE, '..', '..', 'data');

let bundled: DfTable | null | undefined;

/** The bundled table (read once per thread), or null when the package has none. */
export function bundledDfTable(): DfTable | null {
  if (bundled === undefined) {
    const path = join(DATA_DIR, DF_TABLE_FILE);
    bundled = existsSync(path) ? decodeDfTable(readFileSync(path)) : null;
  }
  return bundled;
}

export const sameParams = (a: TableParams, b: TableParams) =>
  a.ngram === b.ngram && a.seed === b.seed && a.foldScript === b.foldScript && a.stripTags === b.stripTags;

let shared: TableStats | null | undefined;

/**
 * Statistics from the bundled table for shingles made with `params`: a fresh object with its own
 * overlay when `own` (the online index), else one shared per thread; uniform when the parameters
 * differ from the table's or there is no table.
 * @example bundledStats({ ngram: 2, seed: 1, foldScript: true, stripTags: true }).idf(hash)
 */
export function bundledStats(
  params: Pick<ShingleParams, 'ngram' | 'seed' | 'foldScript' | 'stripTags'>,
  own = false,
): CorpusStats {
  const table = bundledDfTable();
  if (table === null || !sameParams(table.params, params)) return UNIFORM_STATS;
  if (own) return new TableStats(table);
  shared ??= new TableStats(table);
  return shared;
}

/**
 * Document frequencies counted over a corpus in a count-min sketch (Cormode & Muthukrishnan
 * 2005): two saturating 16-bit counters per key, a key's count the smaller of its two cells, so a
 * count is never low and is high only where both cells collide. The two cells are in one block of
 * BLOCK_CELLS (one 64-byte cache line), as in a blocked Bloom filter: counting or looking up a key
 * touches one line of the sketch, not two, at nearly the accuracy of two independent rows. Plain
 * typed arrays, shareable with link threads.
 */
export interface DfSketch {
  shingles: Uint16Array;
  tokens: Uint16Array;
  /** Headlines counted. */
  docs: number;
}

/** 2^22 cells for shingles (8 MB; the 1M corpus has ~1.1M distinct), 2^17 for tokens. */
export const SKETCH_SHINGLE_BITS = 21;
export const SKETCH_TOKEN_BITS = 16;
/** Cells of a block: 32 16-bit counters fill a 64-byte cache line. */
export const SKETCH_BLOCK_BITS = 5;

/**
 * A key's two cells in a sketch of 2^(bits + 1) cells (bits + 1 ≤ 22), packed in one number: the
 * first cell in the low 22 bits, the second's place in its block above them (see cellA, cellB).
 * The block is chosen by the key's hash, the two places in it by a second hash, and differ.
 */
export function sketchCells(key: number, bits: number): number {
  const g = blockHash(key);
  const block = (g >>> (32 - (bits + 1 - SKETCH_BLOCK_BITS))) << SKETCH_BLOCK_BITS;
  const c = Math.imul(g ^ 0xc2b2ae35, 0x7feb352d);
  const first = c & 31;
  const second = (c >>> 5) & 31;
  return ((second === first ? first ^ 1 : second) << 22) | (block + first);
}

/**
 * The block that holds both of a key's cells (cells [block · 32, block · 32 + 32)), from the first
 * of sketchCells' two hashes alone: a summary of blocks answers most lookups for a third of the
 * hashing (see link/template-items.ts).
 */
export function sketchBlock(key: number, bits: number): number {
  return blockHash(key) >>> (32 - (bits + 1 - SKETCH_BLOCK_BITS));
}

/** The first of sketchCells' two hashes: its top bits choose the block. */
function blockHash(key: number): number {
  const h = Math.imul(key ^ 0x85ebca6b, 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** The first cell of a packed pair (see sketchCells). */
export const cellA = (cells: number): number => cells & 0x3fffff;
/** The second cell of a packed pair: in the first's block. */
export const cellB = (cells: number): number => (cells & 0x3fffff & ~31) + (cells >>> 22);

/** The cell of a key's counter 0 or 1 (see sketchCells). */
export function sketchCell(key: number, row: 0 | 1, bits: number): number {
  const cells = sketchCells(key, bits);
  return row === 0 ? cellA(cells) : cellB(cells);
}

/** A key's count in a sketch's cells: the smaller of its two counters (never below the true count). */
export function sketchCount(cells: Uint16Array, bits: number, key: number): number {
  const pair = sketchCells(key, bits);
  const a = cells[cellA(pair)];
  const b = cells[cellB(pair)];
  return a < b ? a : b;
}

/**
 * The bundled table's statistics with a corpus's own counts added (as the online index adds its
 * arrivals): what batch dedup decides with, so that text the corpus at hand repeats counts for
 * less even where the bundled corpus never saw it.
 */
export class SketchStats implements CorpusStats {
  readonly #base: TableStats | null;
  readonly #sketch: DfSketch;
  readonly pairCounted: number;
  #lnDocs: number;
  /** The table's df for each stored byte; index 256 a key it left out, 257 no table (0). */
  readonly #dfOfByte = new Float64Array(258);
  /**
   * ln(1 + df) for a stored byte and a corpus count below SMALL_COUNTS, precomputed: every
   * shingle a pair has is in the corpus, mostly a few times, so most lookups need no logarithm.
   * (Independent of the number of documents, so counting one more keeps it valid.)
   */
  readonly #log1pOf = new Float64Array(258 * SMALL_COUNTS);
  readonly #tokenIdfs = new Float64Array(257);
  #tokenIdfDocs = -1;

  constructor(sketch: DfSketch, base: TableStats | null, pairCounted = 2) {
    this.#sketch = sketch;
    this.#base = base;
    this.pairCounted = pairCounted;
    this.#lnDocs = Math.log((base?.docs ?? 0) + sketch.docs + 1);
    for (let q = 0; q < 257; q++) this.#dfOfByte[q] = base ? base.dfOfByte(q) : 0;
    for (let q = 0; q < 258; q++) {
      for (let n = 0; n < SMALL_COUNTS; n++)
        this.#log1pOf[q * SMALL_COUNTS + n] = Math.log1p(this.#dfOfByte[q] + n);
    }
  }

  #idf(q: number, n: number): number {
    return (
      this.#lnDocs -
      (n < SMALL_COUNTS ? this.#log1pOf[q * SMALL_COUNTS + n] : Math.log1p(this.#dfOfByte[q] + n))
    );
  }

  /** The document frequency of a shingle hash: the table's estimate plus the corpus's count. */
  df(shingle: number): number {
    const q = this.#base ? this.#base.shingleByte(shingle) : 257;
    return this.#dfOfByte[q] + sketchCount(this.#sketch.shingles, SKETCH_SHINGLE_BITS, shingle);
  }

  idf(shingle: number): number {
    const q = this.#base ? this.#base.shingleByte(shingle) : 257;
    return this.#idf(q, sketchCount(this.#sketch.shingles, SKETCH_SHINGLE_BITS, shingle));
  }

  /**
   * With the table, a token's IDF is the table's rate scaled to the documents counted: how often a
   * character appears in headlines is a property of the language more than of one corpus (a frame
   * is what a corpus repeats, and its shingles carry it), so tokens are not counted (see
   * countsTokens). Without it, the counts are all there is.
   */
  tokenIdf(token: number): number {
    if (this.#base) return this.#tokenIdfOfByte(this.#base.tokenByte(token));
    return this.#idf(257, sketchCount(this.#sketch.tokens, SKETCH_TOKEN_BITS, token));
  }

  /** IDF of a table byte's token rate at the documents counted now (cached per document count). */
  #tokenIdfOfByte(q: number): number {
    if (this.#tokenIdfDocs !== this.docs) {
      const scale = this.docs / this.#base!.docs;
      for (let b = 0; b < 257; b++) this.#tokenIdfs[b] = this.#lnDocs - Math.log1p(this.#dfOfByte[b] * scale);
      this.#tokenIdfDocs = this.docs;
    }
    return this.#tokenIdfs[q];
  }

  /** Whether these statistics read token counts from the sketch (not with a table: see tokenIdf). */
  get countsTokens(): boolean {
    return this.#base === null;
  }

  lnDocs(): number {
    return this.#lnDocs;
  }

  /** Headlines counted: the table's and the sketch's. */
  get docs(): number {
    return (this.#base?.docs ?? 0) + this.#sketch.docs;
  }

  /**
   * Counts one more headline (the online index's arrivals): its sorted unique shingles and its
   * tokens (repeats count once). Memory stays the sketch's, however many arrive.
   * @example stats.observe(shingles, 0, shingles.length, tokens, 0, tokens.length)
   */
  observe(
    shingles: ArrayLike<number>,
    sFrom: number,
    sTo: number,
    tokens: ArrayLike<number>,
    tFrom: number,
    tTo: number,
  ): void {
    const sk = this.#sketch;
    for (let k = sFrom; k < sTo; k++) bump(sk.shingles, SKETCH_SHINGLE_BITS, shingles[k]);
    if (this.countsTokens) {
      const seen = new Set<number>();
      for (let k = tFrom; k < tTo; k++) seen.add(tokens[k]);
      for (const t of seen) bump(sk.tokens, SKETCH_TOKEN_BITS, t);
    }
    sk.docs++;
    this.#lnDocs = Math.log(this.docs + 1);
  }
}

/** Adds one to a key's two cells, saturating. */
function bump(cells: Uint16Array, bits: number, key: number): void {
  const pair = sketchCells(key, bits);
  const a = cellA(pair);
  const b = cellB(pair);
  if (cells[a] < 0xffff) cells[a]++;
  if (cells[b] < 0xffff) cells[b]++;
}

/** An empty sketch, to count arrivals in. */
export function emptySketch(): DfSketch {
  return {
    shingles: new Uint16Array(2 ** (SKETCH_SHINGLE_BITS + 1)),
    tokens: new Uint16Array(2 ** (SKETCH_TOKEN_BITS + 1)),
    docs: 0,
  };
}

/** Corpus counts below this have their IDF precomputed (see SketchStats). */
const SMALL_COUNTS = 32;

/** Whether sketchStats(…, withTable) reads the bundled table (and so no token counts). */
export function tableApplies(withTable: boolean): boolean {
  return withTable && bundledDfTable() !== null;
}

/**
 * Statistics over a counted corpus: the bundled table plus the corpus's counts (`withTable`: the
 * shingles are made as the table's were), or the counts alone. `pairCounted`: 2 in batch (every
 * item counted), 1 in the online index (see CorpusStats.pairCounted).
 */
export function sketchStats(sketch: DfSketch, withTable: boolean, pairCounted = 2): CorpusStats {
  const table = withTable ? bundledDfTable() : null;
  return new SketchStats(sketch, table !== null ? new TableStats(table) : null, pairCounted);
}
