/**
 * The corpus builder's columns: batches are appended chunk by chunk, and the chunks are laid end
 * to end once, when the corpus is built, in a buffer of exactly their size (in shared memory when
 * link workers are to read it). A single buffer grown by half again when full copied every value
 * about twice more before that last copy, on the main thread, which shares the cores with the
 * workers that prepare (columns allocated at their final size prepared the 1M corpus 0.07–0.11 s
 * sooner on 2 threads).
 */
import { allocColumn, type Column, type ColumnType } from './growable.js';

/**
 * Values in the largest chunk (a batch larger than that gets a chunk of its own size). Chunks
 * double from FIRST_CHUNK up to it, so a small corpus takes little.
 */
const CHUNK = 1 << 20;
const FIRST_CHUNK = 1 << 12;

export class ChunkedColumn<A extends Column> {
  /** Values appended so far. */
  length = 0;
  readonly #type: ColumnType<A>;
  readonly #shared: boolean;
  #chunks: A[] = [];
  /** Values in each chunk (a chunk is left with room where the next batch did not fit). */
  #fills: number[] = [];

  constructor(type: ColumnType<A>, shared = false) {
    this.#type = type;
    this.#shared = shared;
  }

  /** Appends the first `count` values, each plus `add` (to rebase offsets). */
  append(values: ArrayLike<number>, add = 0, count = values.length): void {
    let k = this.#chunks.length - 1;
    // A batch goes whole into one chunk: one copy, or one loop, per column per batch.
    if (k < 0 || this.#chunks[k].length - this.#fills[k] < count) {
      const size = k < 0 ? FIRST_CHUNK : Math.min(CHUNK, 2 * this.#chunks[k].length);
      this.#chunks.push(new this.#type(Math.max(size, count)));
      this.#fills.push(0);
      k++;
    }
    const chunk = this.#chunks[k];
    const at = this.#fills[k];
    if (add === 0 && count === values.length) chunk.set(values, at);
    else for (let i = 0; i < count; i++) chunk[at + i] = values[i] + add;
    this.#fills[k] = at + count;
    this.length += count;
  }

  /**
   * The values in one buffer of exactly their size; the chunks are let go, and the column is
   * left empty.
   */
  take(): A {
    const out = allocColumn(this.#type, this.length, this.#shared);
    let at = 0;
    this.#chunks.forEach((chunk, k) => {
      out.set(chunk.subarray(0, this.#fills[k]), at);
      at += this.#fills[k];
    });
    this.#chunks = [];
    this.#fills = [];
    this.length = 0;
    return out;
  }
}
