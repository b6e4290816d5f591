/**
 * The entries of a band whose key occurs more than once: the only ones an LSH band can pair.
 * On the 1M corpus most band keys are an item's own, and sorting all of them per band to find
 * the few shared ones was the largest cost of linking (a radix pass scatters every entry over
 * thousands of write streams). Bitsets over the key space find the repeated keys instead. Over
 * 24-bit keys they take 4 MB, beyond a core's own cache, where random lookups miss: so the entries are first split by their keys' top bits
 * into partitions whose bitsets fit that cache (one in-order pass, a few dozen write streams), and
 * each partition is scanned on its own. The scans have no branches on the bits, which are random.
 */

/** Key bits that one partition's bitsets cover: 2 × 2^18 bits, 64 KB. */
const PARTITION_BITS = 18;

/** Reusable bitsets for keys of `bits` bits. */
export class RepeatedKeys {
  readonly #bits: number;
  readonly #mask: number;
  /** Key bits that choose a partition. */
  readonly #high: number;
  /** Word 2w holds the keys seen once, word 2w + 1 those seen again: one cache line for both. */
  readonly #seen: Int32Array;
  readonly #starts: Uint32Array;

  constructor(bits: number) {
    if (!Number.isInteger(bits) || bits < 5 || bits > 32)
      throw new RangeError(`key bits must be a whole number in [5, 32]; got ${bits}`);
    this.#bits = bits;
    this.#mask = bits === 32 ? 0xffffffff : 2 ** bits - 1;
    this.#high = Math.max(0, bits - PARTITION_BITS);
    this.#seen = new Int32Array(2 * 2 ** (bits - this.#high - 5));
    this.#starts = new Uint32Array(2 ** this.#high + 1);
  }

  /**
   * Copies the entries k of keys[0 .. n) whose key occurs at least twice there into outKeys and
   * outValues (value: `values[k]`, or k without values); returns how many. Entries come grouped
   * by their keys' top bits, and the entries of one key in order of k: so a stable sort of what
   * was collected orders it as a stable sort of those entries in order of k would.
   * Keys must fit the bits given; outKeys and outValues need room for n.
   * @example new RepeatedKeys(8).collect(Uint32Array.of(7, 3, 7), 3, undefined, k, v) // 2: k = 7,7 v = 0,2
   */
  collect(
    keys: Uint32Array,
    n: number,
    values: Uint32Array | undefined,
    outKeys: Uint32Array,
    outValues: Uint32Array,
  ): number {
    const mask = this.#mask;
    const low = this.#bits - this.#high;
    const starts = this.#starts;
    const parts = starts.length - 1;
    // Partition: count, then place each entry (in order of k, so each partition keeps it).
    starts.fill(0);
    for (let k = 0; k < n; k++) starts[((keys[k] & mask) >>> low) + 1]++;
    for (let p = 1; p <= parts; p++) starts[p] += starts[p - 1];
    const next = starts.slice(0, parts);
    for (let k = 0; k < n; k++) {
      const key = keys[k];
      const at = next[(key & mask) >>> low]++;
      outKeys[at] = key;
      outValues[at] = values === undefined ? k : values[k];
    }
    // Each partition in place: the entries kept are written at or before where they are read.
    const seen = this.#seen;
    const lowMask = 2 ** low - 1;
    let m = 0;
    for (let p = 0; p < parts; p++) {
      const from = starts[p];
      const to = starts[p + 1];
      if (from === to) continue;
      for (let k = from; k < to; k++) {
        const key = outKeys[k] & lowMask;
        const w = (key >>> 5) << 1;
        const bit = 1 << (key & 31);
        const once = seen[w];
        seen[w + 1] |= once & bit;
        seen[w] = once | bit;
      }
      for (let k = from; k < to; k++) {
        const key = outKeys[k];
        const value = outValues[k];
        outKeys[m] = key;
        outValues[m] = value;
        const l = key & lowMask;
        m += (seen[((l >>> 5) << 1) | 1] >>> (l & 31)) & 1;
      }
      // Cleared whole (a sequential fill, in cache) rather than bit by bit at random.
      seen.fill(0);
    }
    return m;
  }
}
