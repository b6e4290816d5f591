/**
 * A lossy set of unordered item pairs {x, y} in one Int32Array (open addressing, linear probing),
 * shareable between threads. The link stage remembers here the pairs its rules turned down: such a
 * pair meets again in every band it shares, and deciding it again (aligning two headlines both
 * ways) costs far more than a lookup; with the cache shared, a pair one link thread turned down
 * is not decided again by another (with caches of their own, two threads decide many pairs
 * twice).
 *
 * Lossy by design: once half full, or after a long probe, `add` drops the pair, and `has` may
 * miss a pair that another thread is still writing. A miss only means deciding a pair again, so
 * the cache can never change a result: it holds answers of a pure function. It never reports a
 * pair it was not given: a slot's first word is claimed by compare-and-swap and its second word is
 * written after, and until then it holds EMPTY, which no item can be.
 */
import { fmix32 } from '../sketch/hash.js';

const EMPTY = -1;
/** Probes before `add` gives up and `has` says no (the table is at most half full). */
const MAX_PROBES = 32;

export class PairCache {
  /**
   * table[0]: pairs held; then two words per slot: the smaller item (EMPTY for a free slot) and
   * the larger. Hand it to another thread to share the cache.
   */
  readonly table: Int32Array;
  readonly #mask: number;

  /**
   * An empty cache of `slots` slots (a power of two ≥ 2; it holds up to half as many pairs), in a
   * SharedArrayBuffer when `shared`; or a view over another PairCache's `table`.
   */
  constructor(slots: number | Int32Array, shared = false) {
    if (typeof slots === 'number') {
      if (!Number.isInteger(Math.log2(slots)) || slots < 2)
        throw new RangeError(`slots must be a power of two ≥ 2; got ${slots}`);
      const words = 1 + 2 * slots;
      this.table = shared ? new Int32Array(new SharedArrayBuffer(words * 4)) : new Int32Array(words);
      this.table.fill(EMPTY, 1);
    } else {
      this.table = slots;
    }
    this.#mask = (this.table.length - 1) / 2 - 1;
  }

  /** Whether {x, y} is held (either order). Items must be in [0, 2^31). */
  has(x: number, y: number): boolean {
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    const t = this.table;
    for (
      let probe = 0, slot = slotOf(lo, hi, this.#mask);
      probe < MAX_PROBES;
      probe++, slot = (slot + 1) & this.#mask
    ) {
      const first = t[1 + 2 * slot];
      if (first === EMPTY) return false;
      if (first === lo && t[2 + 2 * slot] === hi) return true;
    }
    return false;
  }

  /**
   * Adds {x, y} (either order; x ≠ y, both in [0, 2^31)) unless the cache is full; false when it
   * dropped the pair.
   */
  add(x: number, y: number): boolean {
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    const t = this.table;
    if (Atomics.load(t, 0) * 2 >= this.#mask + 1) return false;
    for (
      let probe = 0, slot = slotOf(lo, hi, this.#mask);
      probe < MAX_PROBES;
      probe++, slot = (slot + 1) & this.#mask
    ) {
      const at = 1 + 2 * slot;
      let first = t[at];
      if (first === EMPTY) {
        first = Atomics.compareExchange(t, at, EMPTY, lo);
        if (first === EMPTY) {
          Atomics.store(t, at + 1, hi);
          Atomics.add(t, 0, 1);
          return true;
        }
        // Another thread claimed the slot first: it may be this very pair.
      }
      if (first === lo && Atomics.load(t, at + 1) === hi) return true;
    }
    return false;
  }
}

/** The most pairs a PairSet holds (64 MB of slots at its largest): past it, pairs are dropped. */
const MAX_SET_PAIRS = 1 << 22;

/**
 * A growing set of unordered pairs on one thread: where the shared PairCache is full, a link task
 * remembers the pairs it turned down here instead. A corpus of one template (issue #32) turns down
 * millions of pairs, each met in band after band; with only the shared cache, most were decided
 * again in every band (8× on 300k headlines of one frame). Like the cache, it only saves work:
 * a pair it does not hold is decided again, to the same answer.
 */
export class PairSet {
  #table = new Int32Array(2 * 1024).fill(EMPTY);
  #size = 0;

  /** Whether {x, y} is held (either order). */
  has(x: number, y: number): boolean {
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    const t = this.#table;
    const mask = t.length / 2 - 1;
    for (let slot = slotOf(lo, hi, mask); ; slot = (slot + 1) & mask) {
      const first = t[2 * slot];
      if (first === EMPTY) return false;
      if (first === lo && t[2 * slot + 1] === hi) return true;
    }
  }

  /** Adds {x, y} (either order; x ≠ y, both in [0, 2^31)), growing at half full up to MAX_SET_PAIRS. */
  add(x: number, y: number): void {
    if (this.has(x, y)) return;
    if ((this.#size + 1) * 4 > this.#table.length) {
      if (this.#size >= MAX_SET_PAIRS) return;
      this.#grow();
    }
    this.#put(x < y ? x : y, x < y ? y : x);
    this.#size++;
  }

  #put(lo: number, hi: number): void {
    const t = this.#table;
    const mask = t.length / 2 - 1;
    let slot = slotOf(lo, hi, mask);
    while (t[2 * slot] !== EMPTY) slot = (slot + 1) & mask;
    t[2 * slot] = lo;
    t[2 * slot + 1] = hi;
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Int32Array(old.length * 2).fill(EMPTY);
    for (let k = 0; k < old.length; k += 2) if (old[k] !== EMPTY) this.#put(old[k], old[k + 1]);
  }
}

/** A well-mixed slot for the pair (the murmur3 finaliser over both words). */
function slotOf(lo: number, hi: number, mask: number): number {
  return fmix32(Math.imul(lo, 0x9e3779b1) ^ hi) & mask;
}
