/**
 * A set of unordered item pairs {x, y} in typed arrays (open addressing, linear probing). The
 * link stage remembers the pairs its rules turned down, which meet again in every band they
 * share: a `Set<number>` of x·2^32 + y spends most of its time hashing those doubles (40% of
 * the verification time on the 1M corpus), where two 32-bit words hash in a few instructions.
 */
import { fmix32 } from '../hash.js';

const EMPTY = 0xffffffff;

export class PairSet {
  #low = new Uint32Array(1024).fill(EMPTY);
  #high = new Uint32Array(1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Whether {x, y} is in the set (either order). */
  has(x: number, y: number): boolean {
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    const low = this.#low;
    const mask = low.length - 1;
    for (let slot = slotOf(lo, hi, mask); ; slot = (slot + 1) & mask) {
      const l = low[slot];
      if (l === EMPTY) return false;
      if (l === lo && this.#high[slot] === hi) return true;
    }
  }

  /** Adds {x, y} (either order); items must be below 2^32 − 1. */
  add(x: number, y: number): void {
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    // Grown at half full: probes stay short.
    if ((this.#size + 1) * 2 > this.#low.length) this.#grow();
    if (this.#insert(lo, hi)) this.#size++;
  }

  #insert(lo: number, hi: number): boolean {
    const low = this.#low;
    const high = this.#high;
    const mask = low.length - 1;
    for (let slot = slotOf(lo, hi, mask); ; slot = (slot + 1) & mask) {
      const l = low[slot];
      if (l === EMPTY) {
        low[slot] = lo;
        high[slot] = hi;
        return true;
      }
      if (l === lo && high[slot] === hi) return false;
    }
  }

  #grow(): void {
    const low = this.#low;
    const high = this.#high;
    this.#low = new Uint32Array(low.length * 2).fill(EMPTY);
    this.#high = new Uint32Array(low.length * 2);
    for (let slot = 0; slot < low.length; slot++) if (low[slot] !== EMPTY) this.#insert(low[slot], high[slot]);
  }
}

/** A well-mixed slot for the pair (the murmur3 finaliser over both words). */
function slotOf(lo: number, hi: number, mask: number): number {
  return fmix32(Math.imul(lo, 0x9e3779b1) ^ hi) & mask;
}
