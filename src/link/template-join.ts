/**
 * The pairs of template headlines in one LSH bucket that `fillsDiffer` does not leave out, found
 * without comparing every pair. A pair of template headlines that is not left out has own
 * shingles with Jaccard ≥ t, or one side's own shingles all in the other's; either way the side
 * with fewer own shingles has one of its first `prefix` (rarest first, see indexPrefix) among the
 * other's own shingles. So each member's prefix goes into a small inverted index, and each member
 * looks up all its own shingles there, taking the members with no more own shingles than itself
 * (ties once). Frames fill whole buckets but are in nobody's own shingles; a template's slot is
 * in the prefix of few: where every member of a bucket shares the frame and its first slot
 * character, a member's prefix is its rarest own shingle, its second character, and the bucket
 * yields the pairs that share both (copies), not every pair (issue #32).
 */
import { RECORD_HEAD } from './template-items.js';

/** Marks a free slot of the index and the end of an entry list. */
const NONE = -1;

/**
 * Candidate pairs among a bucket's template headlines; scratch arrays are kept and reused from
 * bucket to bucket.
 */
export class TemplateJoin {
  readonly #records: Uint32Array;
  // The index: open addressing on shingles, each slot the head of a list of entries (members).
  #keys = new Uint32Array(64);
  #heads = new Int32Array(64).fill(NONE);
  #used = new Uint32Array(64);
  #entryMember = new Uint32Array(64);
  #entryNext = new Int32Array(64);
  // The last member each member was paired with, so a pair found through two shingles is emitted once.
  #seenBy = new Int32Array(64);

  /** Over the records of TemplateItems. */
  constructor(records: Uint32Array) {
    this.#records = records;
  }

  /**
   * Calls `emit(j, k)` for the pairs of members 0 .. m − 1 (template headlines, member k's
   * record at `at[k]` of the records) that `fillsDiffer` may not leave out, each pair once.
   * Members by index and arrays with a count, not subarrays: a bucket takes a microsecond or
   * two, and allocating views was a good part of it.
   */
  pairs(at: Uint32Array, m: number, emit: (j: number, k: number) => void): void {
    const records = this.#records;
    let entries = 0;
    for (let k = 0; k < m; k++) entries += records[at[k] + 1];
    this.#reserve(entries, m);
    const keys = this.#keys;
    const heads = this.#heads;
    const used = this.#used;
    const entryMember = this.#entryMember;
    const entryNext = this.#entryNext;
    const seenBy = this.#seenBy;
    const mask = keys.length - 1;
    let nUsed = 0;
    let e = 0;
    for (let k = 0; k < m; k++) {
      const r = at[k];
      for (let p = r + RECORD_HEAD, end = p + records[r + 1]; p < end; p++) {
        const h = records[p];
        let slot = hashOf(h) & mask;
        while (heads[slot] !== NONE && keys[slot] !== h) slot = (slot + 1) & mask;
        if (heads[slot] === NONE) {
          keys[slot] = h;
          used[nUsed++] = slot;
        }
        entryMember[e] = k;
        entryNext[e] = heads[slot];
        heads[slot] = e++;
      }
      seenBy[k] = NONE;
    }
    for (let k = 0; k < m; k++) {
      const r = at[k];
      const size = records[r];
      for (let p = r + RECORD_HEAD, end = p + size; p < end; p++) {
        const h = records[p];
        let slot = hashOf(h) & mask;
        while (heads[slot] !== NONE && keys[slot] !== h) slot = (slot + 1) & mask;
        for (let q = heads[slot]; q !== NONE; q = entryNext[q]) {
          const j = entryMember[q];
          if (j === k || seenBy[j] === k) continue;
          seenBy[j] = k;
          // The side with fewer own shingles is the one whose prefix was found (ties: the pair
          // is found from both sides and taken once, from the later member).
          const sizeJ = records[at[j]];
          if (sizeJ < size || (sizeJ === size && j < k)) emit(j, k);
        }
      }
    }
    for (let u = 0; u < nUsed; u++) heads[used[u]] = NONE;
  }

  /** Room for `entries` index entries (the table at most half full) and `m` members. */
  #reserve(entries: number, m: number): void {
    let size = this.#keys.length;
    while (size < 2 * entries) size *= 2;
    if (size > this.#keys.length) {
      this.#keys = new Uint32Array(size);
      this.#heads = new Int32Array(size).fill(NONE);
      this.#used = new Uint32Array(size);
    }
    if (this.#entryMember.length < entries) {
      this.#entryMember = new Uint32Array(2 * entries);
      this.#entryNext = new Int32Array(2 * entries);
    }
    if (this.#seenBy.length < m) this.#seenBy = new Int32Array(2 * m);
  }
}

/** A well-mixed slot for a shingle hash (they are hashes already, but low bits alone may cluster). */
function hashOf(h: number): number {
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
}
