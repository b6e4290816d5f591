/**
 * A multimap from (band, band hash) to item slots in flat typed arrays with open addressing:
 * about ten bytes per entry outside the JavaScript heap, where a Map of arrays per band costs
 * several times that on the heap (and does not fit a million items × 40 bands).
 */
import { fmix32 } from '../sketch/hash.js';

const EMPTY = -1;
const DELETED = -2;

export class BandTable {
  #mask: number;
  #band: Uint16Array;
  #hash: Uint32Array;
  #slot: Int32Array;
  #live = 0;
  #used = 0;

  constructor(capacity = 1 << 12) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity)));
    this.#mask = cap - 1;
    this.#band = new Uint16Array(cap);
    this.#hash = new Uint32Array(cap);
    this.#slot = new Int32Array(cap).fill(EMPTY);
  }

  get size(): number {
    return this.#live;
  }

  /** Entries the arrays hold room for (live, deleted and empty). */
  get capacity(): number {
    return this.#mask + 1;
  }

  #home(band: number, hash: number): number {
    return fmix32(hash ^ Math.imul(band + 1, 0x9e3779b1)) & this.#mask;
  }

  add(band: number, hash: number, slot: number): void {
    if ((this.#used + 1) * 10 > (this.#mask + 1) * 6) this.#grow();
    let i = this.#home(band, hash);
    while (this.#slot[i] >= 0) i = (i + 1) & this.#mask;
    if (this.#slot[i] === EMPTY) this.#used++;
    this.#band[i] = band;
    this.#hash[i] = hash;
    this.#slot[i] = slot;
    this.#live++;
  }

  remove(band: number, hash: number, slot: number): boolean {
    for (let i = this.#home(band, hash); this.#slot[i] !== EMPTY; i = (i + 1) & this.#mask) {
      if (this.#slot[i] === slot && this.#band[i] === band && this.#hash[i] === hash) {
        this.#slot[i] = DELETED;
        this.#live--;
        return true;
      }
    }
    return false;
  }

  /** Calls fn with every slot filed under (band, hash). */
  forEach(band: number, hash: number, fn: (slot: number) => void): void {
    for (let i = this.#home(band, hash); this.#slot[i] !== EMPTY; i = (i + 1) & this.#mask) {
      const s = this.#slot[i];
      if (s >= 0 && this.#band[i] === band && this.#hash[i] === hash) fn(s);
    }
  }

  #grow(): void {
    const band = this.#band;
    const hash = this.#hash;
    const slot = this.#slot;
    const cap = this.#live * 4 > band.length ? band.length * 2 : band.length; // rehash in place when mostly tombstones
    this.#mask = cap - 1;
    this.#band = new Uint16Array(cap);
    this.#hash = new Uint32Array(cap);
    this.#slot = new Int32Array(cap).fill(EMPTY);
    this.#live = 0;
    this.#used = 0;
    for (let i = 0; i < slot.length; i++) if (slot[i] >= 0) this.add(band[i], hash[i], slot[i]);
  }
}
