/**
 * Item ids, stored compactly: each batch's ids as one concatenated string with end offsets,
 * instead of a million small strings (about a third of the memory for typical ids).
 */
import { hashString } from '../sketch/hash.js';

/**
 * A batch's ids as one string and end offsets: what a worker sends instead of many strings. With
 * each id's hash, for finding repeated ids after the run: hashed where the batch is packed (on a
 * worker, in parallel) rather than all on the main thread at the end, where nothing runs beside it.
 */
export interface PackedIds {
  text: string;
  ends: Uint32Array;
  hashes: Uint32Array;
  /** Every id is printable ASCII without a quote or a backslash: JSON quotes it as it is (see writeJson). */
  plain: boolean;
  /** The longest id's length, in UTF-16 units. */
  longest: number;
}

/** The hash of the id text[from..to) that repeated ids are found by. */
export function idHash(text: string, from: number, to: number): number {
  return hashString(text, from, to, 0x1d5);
}

/**
 * The same text as a one-byte string where every character fits in one byte. Ids cut from a
 * decoded chunk that holds CJK text are two-byte strings even when they are ASCII, and so is
 * their concatenation, which would take twice the memory.
 */
function oneByte(text: string): string {
  return /[^\x00-\xff]/.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}

/** Packs ids. @example packIds(['a', 'bc']) // { text: 'abc', ends: [1, 3], hashes: … } */
export function packIds(ids: readonly string[]): PackedIds {
  const ends = new Uint32Array(ids.length);
  let at = 0;
  let longest = 0;
  for (let k = 0; k < ids.length; k++) {
    ends[k] = at += ids[k].length;
    longest = Math.max(longest, ids[k].length);
  }
  const text = oneByte(ids.join(''));
  const hashes = new Uint32Array(ids.length);
  for (let k = 0; k < ids.length; k++) hashes[k] = idHash(text, k === 0 ? 0 : ends[k - 1], ends[k]);
  return { text, ends, hashes, plain: !/[^\x20-\x7e]|["\\]/.test(text), longest };
}

export class IdColumn {
  #firsts: number[] = [];
  #texts: string[] = [];
  #ends: Uint32Array[] = [];
  #hashes: Uint32Array[] = [];
  /** Per batch: its ids need no escape in JSON (PackedIds.plain). */
  #plain: boolean[] = [];
  #longest = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Appends the ids of the next batch (a list, or already packed with `packIds`). */
  append(ids: readonly string[] | PackedIds): void {
    const packed = Array.isArray(ids) ? packIds(ids as readonly string[]) : (ids as PackedIds);
    if (packed.ends.length === 0) return;
    this.#firsts.push(this.#size);
    this.#texts.push(packed.text);
    this.#ends.push(packed.ends);
    this.#hashes.push(packed.hashes);
    this.#plain.push(packed.plain);
    this.#longest = Math.max(this.#longest, packed.longest);
    this.#size += packed.ends.length;
  }

  /** Every id's `idHash`, by item. */
  hashes(): Uint32Array {
    const out = new Uint32Array(this.#size);
    for (let b = 0; b < this.#hashes.length; b++) out.set(this.#hashes[b], this.#firsts[b]);
    return out;
  }

  /** The batch that holds item i. */
  #batchOf(i: number): number {
    if (i < 0 || i >= this.#size) throw new RangeError(`item ${i} is out of range (0..${this.#size - 1})`);
    let lo = 0;
    let hi = this.#firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#firsts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The id of item i. */
  get(i: number): string {
    const b = this.#batchOf(i);
    const k = i - this.#firsts[b];
    const ends = this.#ends[b];
    return this.#texts[b].slice(k === 0 ? 0 : ends[k - 1], ends[k]);
  }

  /** The most bytes `writeJson` writes for one id: JSON's escapes take at most 6 per UTF-16 unit. */
  get maxJsonBytes(): number {
    return 6 * this.#longest + 2;
  }

  /**
   * Writes item i's id as a JSON string (the bytes of JSON.stringify's text, UTF-8) into `buf` at
   * `at`, which has room for maxJsonBytes; returns where it ended. A plain batch's ids are copied
   * character by character (each one byte): no string is made per id.
   */
  writeJson(i: number, buf: Buffer, at: number): number {
    const b = this.#batchOf(i);
    const k = i - this.#firsts[b];
    const ends = this.#ends[b];
    const from = k === 0 ? 0 : ends[k - 1];
    const to = ends[k];
    const text = this.#texts[b];
    if (!this.#plain[b]) return at + buf.write(JSON.stringify(text.slice(from, to)), at);
    buf[at++] = 0x22;
    for (let j = from; j < to; j++) buf[at++] = text.charCodeAt(j);
    buf[at++] = 0x22;
    return at;
  }
}
