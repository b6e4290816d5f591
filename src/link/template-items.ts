/**
 * Template headlines: representatives that are mostly a template's frame, with at least as many
 * shingles in more than `frameItems` headlines of the corpus (the frame, see frame-pairs.ts) as
 * shingles of their own (`民间故事：` + two characters: three of the frame's, two of its own).
 * Two such headlines are judged by what fills the frame (see `fillsDiffer`), so the link stage
 * finds their pairs through their own shingles (template-join.ts), not pair by pair: 300k
 * headlines of one frame put every headline in buckets with the dozens of others that share its
 * first slot character, and enumerating those pairs grew as n² (issue #32).
 *
 * Ordinary headlines are almost never template headlines: a common word is one shingle among a
 * dozen, and on the 1M corpus no pair that `fillsDiffer` would leave out has a template headline
 * on either side, so its output is the same with the rule as without.
 */
import type { SharedCorpus } from '../prepare/corpus.js';
import { allocColumn, GrowableU32 } from '../prepare/growable.js';
import { SKETCH_BLOCK_BITS, SKETCH_SHINGLE_BITS, sketchBlock, sketchCount } from '../verify/corpus-stats.js';

/**
 * The template headlines among a corpus's representatives, with their own shingles, laid out so
 * that a bucket member costs two cache misses: its record's offset, then the record.
 */
export interface TemplateItems {
  /**
   * Per item of the corpus: where its record starts in `records`, or -1 for any other item. Only
   * the representatives' slots are read, so the items looked at may be more of them (see
   * count-task.ts).
   */
  slot: Int32Array;
  /**
   * One record per template headline: its number of own shingles (not the frame's), how many
   * of them, from the rarest, it indexes (see indexPrefix and template-join.ts), then its own
   * shingles, rarest first (by corpus count, then by value).
   */
  records: Uint32Array;
  /** The number of template headlines. */
  count: number;
}

/** Words of a record before its own shingles: their number and the index prefix's length. */
export const RECORD_HEAD = 2;

/**
 * Own shingles that the smaller side of a pair must index so that any pair whose own shingles
 * reach Jaccard t shares one of them (PPJoin's index prefix, Xiao et al. 2008): for |x| ≤ |y|,
 * J ≥ t needs |x ∩ y| ≥ t/(1+t)·(|x| + |y|) ≥ 2t/(1+t)·|x| =: α, and a set that misses x's first
 * |x| − α + 1 elements shares at most α − 1. The epsilon keeps a pair at exactly t inside.
 * @example indexPrefix(2, 0.4) // 1: of two own shingles a pair at 0.4 must share both
 */
export function indexPrefix(size: number, t: number): number {
  return size - Math.ceil(((2 * t) / (1 + t)) * size - 1e-9) + 1;
}

/**
 * Which shingles are a frame's (counted in more than `frameItems` items), as sketchCount says, but
 * with a bit per block of 32 cells (16 KB for the shingle sketch's 8 MB) saying whether any of
 * them is over the bound: a shingle whose block's bit is clear is no frame's, and almost every
 * shingle of ordinary headlines is answered from the bits, which stay in cache, with one hash
 * (sketchBlock) where a count costs two and a cache miss.
 */
export class FrameShingles {
  readonly #counts: Uint16Array;
  readonly #frameItems: number;
  readonly #bits: Uint32Array;

  constructor(counts: Uint16Array, frameItems: number) {
    this.#counts = counts;
    this.#frameItems = frameItems;
    this.#bits = new Uint32Array((counts.length >>> (SKETCH_BLOCK_BITS + 5)) + 1);
    for (let k = 0; k < counts.length; k++) {
      const block = k >>> SKETCH_BLOCK_BITS;
      if (counts[k] > frameItems) this.#bits[block >>> 5] |= 1 << (block & 31);
    }
  }

  /**
   * Whether `shingle` is counted in more than the bound.
   * @example new FrameShingles(df.shingles, FRAME_ITEMS).has(hash) // true for a shingle of 民间故事 in its template
   */
  has(shingle: number): boolean {
    const block = sketchBlock(shingle, SKETCH_SHINGLE_BITS);
    if ((this.#bits[block >>> 5] & (1 << (block & 31))) === 0) return false;
    return sketchCount(this.#counts, SKETCH_SHINGLE_BITS, shingle) > this.#frameItems;
  }
}

/**
 * The template headlines among `reps` (see the file comment), or among every item without them,
 * given the corpus's shingle counts (`counts`, the document-frequency sketch) and the similarity
 * `t` pairs must reach; undefined when there are none. A headline stops being read at its first
 * shingle past half that is not a frame's, so ordinary headlines cost about half their shingles'
 * lookups, and those from the summary bits of FrameShingles. With `shared`, the arrays are in
 * SharedArrayBuffers, for link threads.
 * @example templateItems(corpus, reps, df.shingles, FRAME_ITEMS, 0.4)?.count
 */
export function templateItems(
  c: Pick<SharedCorpus, 'shingles' | 'shingleOffsets' | 'size'>,
  reps: Uint32Array | undefined,
  counts: Uint16Array,
  frameItems: number,
  t: number,
  shared = false,
): TemplateItems | undefined {
  const s = c.shingles;
  const so = c.shingleOffsets;
  const frame = new FrameShingles(counts, frameItems);
  const slot = new Int32Array(shared ? new SharedArrayBuffer(4 * c.size) : new ArrayBuffer(4 * c.size)).fill(
    -1,
  );
  const records = new GrowableU32(1024, shared);
  // One headline's own shingles and their counts, insertion-sorted rarest first (a dozen at most
  // for a headline that is mostly frame, so a general sort would cost more).
  let counted = new Uint32Array(64);
  let values = new Uint32Array(64);
  let count = 0;
  const n = reps === undefined ? c.size : reps.length;
  for (let r = 0; r < n; r++) {
    const i = reps === undefined ? r : reps[r];
    const size = so[i + 1] - so[i];
    if (values.length < size) {
      values = new Uint32Array(2 * size);
      counted = new Uint32Array(2 * size);
    }
    // At least as many frame shingles as own ones, and one of each.
    const maxOwn = size >>> 1;
    let own = 0;
    for (let p = so[i]; p < so[i + 1] && own <= maxOwn; p++) if (!frame.has(s[p])) values[own++] = s[p];
    if (own === 0 || own > maxOwn) continue;
    for (let k = 0; k < own; k++) {
      const v = values[k];
      const m = sketchCount(counts, SKETCH_SHINGLE_BITS, v);
      let q = k;
      for (; q > 0 && (counted[q - 1] > m || (counted[q - 1] === m && values[q - 1] > v)); q--) {
        counted[q] = counted[q - 1];
        values[q] = values[q - 1];
      }
      counted[q] = m;
      values[q] = v;
    }
    slot[i] = records.length;
    records.reserve(RECORD_HEAD + own);
    const at = records.length;
    records.data[at] = own;
    records.data[at + 1] = indexPrefix(own, t);
    for (let q = 0; q < own; q++) records.data[at + RECORD_HEAD + q] = values[q];
    records.length += RECORD_HEAD + own;
    count++;
  }
  return count === 0 ? undefined : { slot, records: records.trimmed(), count };
}

/**
 * Which scan positions hold template headlines, a bit each (n/8 bytes: 92 KB on the 1M corpus):
 * the band loop scans every bucket for them before its pairs, and bits stay in cache where the
 * slots of items would not. The same for every link task, so built once.
 * @example templatePositions(positions.itemReach, templates.slot, true)
 */
export function templatePositions(itemReach: Uint32Array, slot: Int32Array, shared = false): Uint32Array {
  const n = itemReach.length >>> 1;
  const bits = allocColumn(Uint32Array, (n >>> 5) + 1, shared);
  for (let p = 0; p < n; p++) if (slot[itemReach[2 * p]] >= 0) bits[p >>> 5] |= 1 << (p & 31);
  return bits;
}
