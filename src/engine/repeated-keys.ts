/**
 * The entries of a band whose key occurs more than once: the only ones an LSH band can pair.
 * On the 1M corpus most band keys are an item's own, and sorting all of them per band to find
 * the few shared ones was the largest cost of linking (a radix pass scatters every entry over
 * thousands of write streams). Two bitsets over the key space, in cache, find the repeated keys
 * in two passes that read the keys in order; only their entries are then sorted.
 */

/** Reusable bitsets for keys of `bits` bits (2^bits bits each: 2 MB for 24-bit keys). */
export class RepeatedKeys {
  readonly #seen: Int32Array;
  readonly #repeated: Int32Array;
  readonly #mask: number;

  constructor(bits: number) {
    if (!Number.isInteger(bits) || bits < 5 || bits > 32) throw new RangeError(`key bits must be a whole number in [5, 32]; got ${bits}`);
    this.#seen = new Int32Array(2 ** (bits - 5));
    this.#repeated = new Int32Array(2 ** (bits - 5));
    this.#mask = bits === 32 ? 0xffffffff : 2 ** bits - 1;
  }

  /**
   * Copies the entries k of keys[0 .. n) whose key occurs at least twice there into outKeys and
   * outValues (value: `values[k]`, or k without values), in order of k; returns how many.
   * Keys must fit the bits given; outKeys and outValues need room for n.
   * @example new RepeatedKeys(8).collect(Uint32Array.of(7, 3, 7), 3, undefined, k, v) // 2: k = 7,7 v = 0,2
   */
  collect(keys: Uint32Array, n: number, values: Uint32Array | undefined, outKeys: Uint32Array, outValues: Uint32Array): number {
    const seen = this.#seen;
    const repeated = this.#repeated;
    const mask = this.#mask;
    for (let k = 0; k < n; k++) {
      const key = keys[k] & mask;
      const w = key >>> 5;
      const bit = 1 << (key & 31);
      if ((seen[w] & bit) !== 0) repeated[w] |= bit;
      else seen[w] |= bit;
    }
    let m = 0;
    for (let k = 0; k < n; k++) {
      const key = keys[k];
      if ((repeated[(key & mask) >>> 5] & (1 << (key & 31))) === 0) continue;
      outKeys[m] = key;
      outValues[m++] = values === undefined ? k : values[k];
    }
    // Cleared whole (a sequential fill of the bitsets) rather than bit by bit at random.
    seen.fill(0);
    repeated.fill(0);
    return m;
  }
}
