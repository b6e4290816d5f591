/**
 * The columns the clustering stage needs for every item, appended batch by batch in input order.
 * Only what clustering and output need is held: shingles (for verification), band hashes, set
 * hashes, lengths, ids and dates — never the parsed records or signatures.
 */
import { IdColumn, type PackedIds } from './id-column.js';
import type { PackedBatch } from './packed-batch.js';
import { ChunkedColumn } from './chunked-column.js';

/**
 * Band hashes are kept to their low BAND_KEY_BITS bits, three bytes each: a quarter less memory
 * for the largest column (40 bands × 1M items). Two unrelated items whose band keys collide only
 * in those bits become one more candidate, which verification rejects (a few per cent more
 * candidates, and one radix pass fewer per band).
 */
export const BAND_KEY_BITS = 24;

/**
 * The band keys of items first .. first+count-1, band-major (band b of the chunk's items is
 * contiguous, so gathering one band reads memory in order), 3 bytes each.
 */
export interface BandChunk {
  first: number;
  count: number;
  hashes: Uint8Array;
}

/** Whether this machine stores a word's low byte first, as the band keys are laid out. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Writes the 24-bit key h at byte p of out, low byte first. */
function putKey(out: Uint8Array, p: number, h: number): void {
  out[p] = h;
  out[p + 1] = h >>> 8;
  out[p + 2] = h >>> 16;
}

/**
 * Packs item-major 32-bit band hashes (count × bands) into band-major 24-bit keys,
 * little-endian (the corpus builder copies them into its slabs, shared or not). Four keys in a
 * row are three whole words once the row reaches a word boundary (item `row start mod 4`: three
 * bytes an item), so most keys are stored a word at a time, a third of the stores of a byte at a
 * time; the items before that boundary and after the last whole group are stored byte by byte.
 */
export function packBandKeys(hashes: Uint32Array, bands: number): Uint8Array {
  const out = new Uint8Array(hashes.length * 3);
  const count = hashes.length / bands;
  const words = LITTLE_ENDIAN ? new Uint32Array(out.buffer, 0, out.length >>> 2) : undefined;
  for (let band = 0; band < bands; band++) {
    const row = band * count * 3;
    // The first item whose key starts on a word: row + 3i ≡ 0 (mod 4) when i ≡ row (mod 4).
    const from = words ? Math.min(count, row & 3) : count;
    const to = from + ((count - from) & ~3);
    for (let i = 0; i < from; i++) putKey(out, row + 3 * i, hashes[i * bands + band]);
    for (let i = from, w = (row + 3 * from) >>> 2; i < to; i += 4, w += 3) {
      const q = i * bands + band;
      const h0 = hashes[q] & 0xffffff;
      const h1 = hashes[q + bands] & 0xffffff;
      const h2 = hashes[q + 2 * bands] & 0xffffff;
      const h3 = hashes[q + 3 * bands] & 0xffffff;
      words![w] = h0 | (h1 << 24);
      words![w + 1] = (h1 >>> 8) | (h2 << 16);
      words![w + 2] = (h2 >>> 16) | (h3 << 8);
    }
    for (let i = Math.max(from, to); i < count; i++) putKey(out, row + 3 * i, hashes[i * bands + band]);
  }
  return out;
}

/**
 * Band `band` of the given items (ascending indices) into keys: one pass over the chunks, since
 * the items come in order.
 */
export function gatherBand(
  chunks: readonly BandChunk[],
  _bands: number,
  items: Uint32Array,
  band: number,
  keys: Uint32Array,
): void {
  let ci = 0;
  let chunk = chunks[0];
  let end = chunk ? chunk.first + chunk.count : 0;
  let base = chunk ? band * chunk.count * 3 : 0;
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    while (item >= end) {
      chunk = chunks[++ci];
      end = chunk.first + chunk.count;
      base = band * chunk.count * 3;
    }
    const p = base + (item - chunk.first) * 3;
    const h = chunk.hashes;
    keys[k] = h[p] | (h[p + 1] << 8) | (h[p + 2] << 16);
  }
}

/**
 * Band keys are copied into slabs this large rather than kept in one buffer per batch: glibc
 * serves allocations of up to 32 MB from its heap once a few have been freed, and memory freed
 * there stays with the process, so the band keys released after linking stayed in RSS
 * under the clusters built next. A slab above that size is mapped on its
 * own and returned to the system when released; pages of a slab never written take no memory.
 */
const SLAB_BYTES = 64 << 20;

/** Everything the clustering stage reads, as flat columns. */
export interface Corpus {
  size: number;
  bands: number;
  shingleOffsets: Uint32Array;
  shingles: Uint32Array;
  /** Item i's tokens, packed (see `token-column.ts`): tokens[tokenOffsets[i] .. tokenOffsets[i+1]). */
  tokenOffsets: Uint32Array;
  tokens: Uint16Array;
  /** Band hashes, batch by batch (no slack, no copy on growth): see `gatherBand`. */
  bandChunks: BandChunk[];
  setHashes: Uint32Array;
  textLengths: Uint32Array;
  ids: IdColumn;
  /** Epoch milliseconds, NaN where an item has no (valid) date. */
  dates: Float64Array;
  body?: BodyColumns;
}

/** Article bodies: shingles and band hashes, as for titles (present when bodies are compared). */
export interface BodyColumns {
  bands: number;
  shingleOffsets: Uint32Array;
  shingles: Uint32Array;
  bandChunks: BandChunk[];
}

/** The corpus without its ids: what a link worker needs (typed arrays only, shareable). */
export type SharedCorpus = Omit<Corpus, 'ids'>;

export class CorpusBuilder {
  #offsets: ChunkedColumn<Uint32Array>;
  #shingles: ChunkedColumn<Uint32Array>;
  #tokenOffsets: ChunkedColumn<Uint32Array>;
  #tokens: ChunkedColumn<Uint16Array>;
  #bandChunks: BandChunk[] = [];
  #setHashes: ChunkedColumn<Uint32Array>;
  #lengths: ChunkedColumn<Uint32Array>;
  #dates: ChunkedColumn<Float64Array>;
  #ids = new IdColumn();
  readonly #bands: number;
  readonly #shared: boolean;
  #slab: Uint8Array = new Uint8Array(0);
  #slabUsed = 0;

  readonly #bodyBands: number;
  #bodyOffsets?: ChunkedColumn<Uint32Array>;
  #bodyShingles?: ChunkedColumn<Uint32Array>;
  #bodyChunks: BandChunk[] = [];

  /**
   * With `shared`, columns live in SharedArrayBuffers that link workers read without a copy.
   * With `bodyBands` > 0, batches carry bodies and their columns are kept too.
   */
  constructor(bands: number, shared = false, bodyBands = 0) {
    this.#bands = bands;
    this.#shared = shared;
    this.#bodyBands = bodyBands;
    if (bodyBands > 0) {
      this.#bodyOffsets = new ChunkedColumn(Uint32Array, shared);
      this.#bodyOffsets.append(Uint32Array.of(0));
      this.#bodyShingles = new ChunkedColumn(Uint32Array, shared);
    }
    this.#dates = new ChunkedColumn(Float64Array, shared);
    this.#offsets = new ChunkedColumn(Uint32Array, shared);
    this.#shingles = new ChunkedColumn(Uint32Array, shared);
    this.#tokenOffsets = new ChunkedColumn(Uint32Array, shared);
    this.#tokens = new ChunkedColumn(Uint16Array, shared);
    this.#setHashes = new ChunkedColumn(Uint32Array, shared);
    this.#lengths = new ChunkedColumn(Uint32Array, shared);
    this.#offsets.append(Uint32Array.of(0));
    this.#tokenOffsets.append(Uint32Array.of(0));
  }

  get size(): number {
    return this.#ids.size;
  }

  /**
   * Appends a packed batch with the ids and dates of its items, in input order. Its band keys
   * become a chunk of the corpus, copied into the builder's slabs (allocated here rather than on a
   * worker, they do not pin the memory of threads that have ended, which raised the peak).
   */
  append(batch: PackedBatch, ids: readonly string[] | PackedIds, dates: ArrayLike<number>): void {
    this.#offsets.append(batch.shingleOffsets.subarray(1), this.#shingles.length);
    this.#shingles.append(batch.shingles);
    this.#tokenOffsets.append(batch.tokenEnds, this.#tokens.length);
    this.#tokens.append(batch.tokens);
    this.#bandChunks.push({ first: this.#ids.size, count: batch.count, hashes: this.#own(batch.bandKeys) });
    if (this.#bodyOffsets && this.#bodyShingles) {
      if (!batch.bodies) throw new Error('a batch without bodies reached a corpus that compares bodies');
      this.#bodyOffsets.append(batch.bodies.shingleOffsets.subarray(1), this.#bodyShingles.length);
      this.#bodyShingles.append(batch.bodies.shingles);
      this.#bodyChunks.push({
        first: this.#ids.size,
        count: batch.count,
        hashes: this.#own(batch.bodies.bandKeys),
      });
    }
    this.#setHashes.append(batch.setHashes);
    this.#lengths.append(batch.textLengths);
    this.#ids.append(Array.isArray(ids) && ids.length !== batch.count ? ids.slice(0, batch.count) : ids);
    this.#dates.append(dates, 0, batch.count);
  }

  /**
   * The batch's band keys placed in a slab of the builder's own (see SLAB_BYTES), in shared
   * memory when the corpus is shared.
   */
  #own(keys: Uint8Array): Uint8Array {
    if (this.#slab.length - this.#slabUsed < keys.length) {
      const bytes = Math.max(SLAB_BYTES, keys.length);
      this.#slab = new Uint8Array(this.#shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
      this.#slabUsed = 0;
    }
    const placed = this.#slab.subarray(this.#slabUsed, this.#slabUsed + keys.length);
    placed.set(keys);
    this.#slabUsed += keys.length;
    return placed;
  }

  /**
   * The finished columns, each in one buffer of its exact size. The columns are left empty and
   * the builder lets go of the band keys' slabs (see #letGo).
   */
  build(): Corpus {
    const corpus: Corpus = {
      size: this.#ids.size,
      bands: this.#bands,
      shingleOffsets: this.#offsets.take(),
      shingles: this.#shingles.take(),
      tokenOffsets: this.#tokenOffsets.take(),
      tokens: this.#tokens.take(),
      bandChunks: this.#bandChunks,
      setHashes: this.#setHashes.take(),
      textLengths: this.#lengths.take(),
      ids: this.#ids,
      dates: this.#dates.take(),
      body:
        this.#bodyOffsets && this.#bodyShingles
          ? {
              bands: this.#bodyBands,
              shingleOffsets: this.#bodyOffsets.take(),
              shingles: this.#bodyShingles.take(),
              bandChunks: this.#bodyChunks,
            }
          : undefined,
    };
    this.#letGo();
    return corpus;
  }

  /**
   * A built corpus owns its columns: the builder drops its references to them, so that a stage
   * that releases a column (band keys and tokens after linking, the rest after clustering) frees
   * its memory while the builder is still in scope. (Otherwise released band keys and tokens
   * stay alive through clustering, where the run peaks.) The other columns were emptied by take.
   */
  #letGo(): void {
    this.#bandChunks = [];
    this.#bodyChunks = [];
    this.#slab = new Uint8Array(0);
    this.#slabUsed = 0;
  }
}
