/**
 * The columns the clustering stage needs for every item, appended batch by batch in input order.
 * Only what clustering and output need is held: shingles (for verification), band hashes, set
 * hashes, lengths, ids and dates — never the parsed records or signatures.
 */
import type { PreparedBatch } from './prepare.js';

class GrowableU32 {
  data: Uint32Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Uint32Array(initial);
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const grown = new Uint32Array(Math.max(this.data.length * 2, this.length + extra));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
  append(values: Uint32Array, add = 0): void {
    this.reserve(values.length);
    if (add === 0) this.data.set(values, this.length);
    else for (let i = 0; i < values.length; i++) this.data[this.length + i] = values[i] + add;
    this.length += values.length;
  }
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Everything the clustering stage reads, as flat columns. */
export interface Corpus {
  size: number;
  bands: number;
  shingleOffsets: Uint32Array;
  shingles: Uint32Array;
  tokenOffsets: Uint32Array;
  tokens: Uint32Array;
  bandHashes: Uint32Array;
  setHashes: Uint32Array;
  textLengths: Uint32Array;
  ids: string[];
  /** Epoch milliseconds, NaN where an item has no (valid) date. */
  dates: Float64Array;
}

export class CorpusBuilder {
  #offsets = new GrowableU32();
  #shingles = new GrowableU32(16 * 1024);
  #tokenOffsets = new GrowableU32();
  #tokens = new GrowableU32(16 * 1024);
  #bandHashes = new GrowableU32();
  #setHashes = new GrowableU32();
  #lengths = new GrowableU32();
  #dates: number[] = [];
  #ids: string[] = [];
  readonly #bands: number;

  constructor(bands: number) {
    this.#bands = bands;
    this.#offsets.append(Uint32Array.of(0));
    this.#tokenOffsets.append(Uint32Array.of(0));
  }

  get size(): number {
    return this.#ids.length;
  }

  /** Appends a prepared batch with the ids and dates of its items, in input order. */
  append(batch: PreparedBatch, ids: readonly string[], dates: readonly number[]): void {
    const base = this.#shingles.length;
    this.#offsets.append(batch.shingleOffsets.subarray(1), base);
    this.#shingles.append(batch.shingles);
    this.#tokenOffsets.append(batch.tokenOffsets.subarray(1), this.#tokens.length);
    this.#tokens.append(batch.tokens);
    this.#bandHashes.append(batch.bandHashes);
    this.#setHashes.append(batch.setHashes);
    this.#lengths.append(batch.textLengths);
    for (let i = 0; i < batch.count; i++) {
      this.#ids.push(ids[i]);
      this.#dates.push(dates[i]);
    }
  }

  build(): Corpus {
    return {
      size: this.#ids.length,
      bands: this.#bands,
      shingleOffsets: this.#offsets.view(),
      shingles: this.#shingles.view(),
      tokenOffsets: this.#tokenOffsets.view(),
      tokens: this.#tokens.view(),
      bandHashes: this.#bandHashes.view(),
      setHashes: this.#setHashes.view(),
      textLengths: this.#lengths.view(),
      ids: this.#ids,
      dates: Float64Array.from(this.#dates),
    };
  }
}
