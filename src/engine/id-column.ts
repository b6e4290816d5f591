/**
 * Item ids, stored compactly: each batch's ids as one concatenated string with end offsets,
 * instead of a million small strings (about a third of the memory for typical ids).
 */
/** A batch's ids as one string and end offsets: what a worker sends instead of many strings. */
export interface PackedIds {
  text: string;
  ends: Uint32Array;
}

/** Packs ids. @example packIds(['a', 'bc']) // { text: 'abc', ends: [1, 3] } */
export function packIds(ids: readonly string[]): PackedIds {
  const ends = new Uint32Array(ids.length);
  let at = 0;
  for (let k = 0; k < ids.length; k++) ends[k] = at += ids[k].length;
  return { text: ids.join(''), ends };
}

export class IdColumn {
  #firsts: number[] = [];
  #texts: string[] = [];
  #ends: Uint32Array[] = [];
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
    this.#size += packed.ends.length;
  }

  /** A hash of every id, by item, computed over the packed text (no string per id). */
  hashes(hash: (text: string, from: number, to: number) => number): Uint32Array {
    const out = new Uint32Array(this.#size);
    for (let b = 0; b < this.#texts.length; b++) {
      const text = this.#texts[b];
      const ends = this.#ends[b];
      const first = this.#firsts[b];
      for (let k = 0; k < ends.length; k++) out[first + k] = hash(text, k === 0 ? 0 : ends[k - 1], ends[k]);
    }
    return out;
  }

  /** The id of item i. */
  get(i: number): string {
    if (i < 0 || i >= this.#size) throw new RangeError(`item ${i} is out of range (0..${this.#size - 1})`);
    let lo = 0;
    let hi = this.#firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#firsts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    const k = i - this.#firsts[lo];
    const ends = this.#ends[lo];
    return this.#texts[lo].slice(k === 0 ? 0 : ends[k - 1], ends[k]);
  }
}
