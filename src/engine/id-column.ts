/**
 * Item ids, stored compactly: each batch's ids as one concatenated string with end offsets,
 * instead of a million small strings (about a third of the memory for typical ids).
 */
export class IdColumn {
  #firsts: number[] = [];
  #texts: string[] = [];
  #ends: Uint32Array[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Appends the ids of the next batch. */
  append(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const ends = new Uint32Array(ids.length);
    let at = 0;
    for (let k = 0; k < ids.length; k++) ends[k] = at += ids[k].length;
    this.#firsts.push(this.#size);
    this.#texts.push(ids.join(''));
    this.#ends.push(ends);
    this.#size += ids.length;
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
