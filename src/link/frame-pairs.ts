/**
 * Pairs that share nothing but a template frame: every shingle the two headlines have in common
 * is one that more than `frameItems` headlines of the corpus have (`民间故事：` + two characters,
 * `…今日油价…`, a daily column's title). A corpus with such a frame by the hundred thousand puts
 * its headlines in LSH buckets with each other in band after band, and deciding every such pair
 * took time quadratic in their number (issue #32: 300k headlines of one frame, 204 s). Sharing
 * only the frame says nothing of the slot it frames, so these pairs are not candidates; a pair
 * that also shares one rarer shingle is decided as before, unless both are template headlines
 * (mostly frame, see template-items.ts): those are judged by what fills their frames
 * (`fillsDiffer`), since two fills that share a character (`民间故事：润X`, `民间故事：润Y`) are
 * as common in a large template as a shared frame, and deciding every such pair took time
 * quadratic in the template's size too.
 */
import type { SharedCorpus } from '../prepare/corpus.js';
import { SKETCH_SHINGLE_BITS, sketchCount } from '../verify/corpus-stats.js';

/** How many shingles item i has. */
const sizeOf = (c: Pick<SharedCorpus, 'shingleOffsets'>, i: number): number =>
  c.shingleOffsets[i + 1] - c.shingleOffsets[i];

/** Scratch for `frameOverlap`: one per thread, no allocation per pair. */
const overlap = new Uint32Array(2);

/**
 * What items x and y share, by one merge of their sorted shingles, into `overlap`: [0] the shingles
 * they share, [1] those of them counted in at most `frameItems` items (no frame's). With
 * `stopAtOwn` the merge stops at the first of the latter (whoever asks needs no more).
 */
function frameOverlap(
  c: Pick<SharedCorpus, 'shingles' | 'shingleOffsets'>,
  x: number,
  y: number,
  counts: Uint16Array,
  frameItems: number,
  stopAtOwn: boolean,
): Uint32Array {
  const s = c.shingles;
  let i = c.shingleOffsets[x];
  let j = c.shingleOffsets[y];
  const iEnd = c.shingleOffsets[x + 1];
  const jEnd = c.shingleOffsets[y + 1];
  let shared = 0;
  let own = 0;
  while (i < iEnd && j < jEnd) {
    const a = s[i];
    const b = s[j];
    if (a === b) {
      shared++;
      if (sketchCount(counts, SKETCH_SHINGLE_BITS, a) <= frameItems) {
        own++;
        if (stopAtOwn) break;
      }
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  overlap[0] = shared;
  overlap[1] = own;
  return overlap;
}

/**
 * Whether items x and y share at least one shingle and every one they share is counted in more
 * than `frameItems` items of the corpus (`counts`: the corpus's document-frequency sketch cells,
 * which never undercount, so a shingle counted at most `frameItems` times truly is that rare).
 * Stops at the first shared shingle that is not a frame's: ordinary pairs share a rare one early.
 * @example sharesOnlyFrame(corpus, 3, 7, df.shingles, 2000) // true for two headlines of one template
 */
export function sharesOnlyFrame(
  c: Pick<SharedCorpus, 'shingles' | 'shingleOffsets'>,
  x: number,
  y: number,
  counts: Uint16Array,
  frameItems: number,
): boolean {
  const o = frameOverlap(c, x, y, counts, frameItems, true);
  const shared = o[0];
  // One headline inside the other (a name and that name with a word added) is an addition, not a
  // slot of a frame filled twice: only pairs where each side has text of its own are left out.
  return o[1] === 0 && shared > 0 && shared < sizeOf(c, x) && shared < sizeOf(c, y);
}

/**
 * Headlines a shingle must be in to be a frame's: above the most common names and words of the
 * 1M-headline corpus (王楚钦 is in 4,195 of them, 直播 in 7,248), whose pairs are decided as before,
 * and below the size at which a template's pairs take minutes to decide.
 */
export const FRAME_ITEMS = 10_000;

/**
 * Whether two template headlines x and y (see template-items.ts; `ownX`, `ownY`: how many of
 * their shingles are counted in at most `frameItems` items) differ in what fills the frame: with
 * the frame's shingles set aside, their Jaccard is below t, and neither headline's shingles are
 * all in the other's (a fill with words added is an addition, as in `sharesOnlyFrame`). For two
 * template headlines this is `sharesOnlyFrame` and more: sharing only the frame leaves fills
 * that share nothing. A pair that is not left out shares one of the smaller side's first own
 * shingles (see indexPrefix), which is how template-join.ts finds them.
 * @example fillsDiffer(corpus, 3, 7, df.shingles, FRAME_ITEMS, 2, 2, 0.4) // 民间故事：润軘, 民间故事：润X: true
 */
export function fillsDiffer(
  c: Pick<SharedCorpus, 'shingles' | 'shingleOffsets'>,
  x: number,
  y: number,
  counts: Uint16Array,
  frameItems: number,
  ownX: number,
  ownY: number,
  t: number,
): boolean {
  const o = frameOverlap(c, x, y, counts, frameItems, false);
  const shared = o[0];
  const sharedOwn = o[1];
  if (shared === sizeOf(c, x) || shared === sizeOf(c, y)) return false;
  // J(own x, own y) < t, in integers but for t: the epsilon keeps a pair at exactly t inside,
  // as indexPrefix does. Sharing no own shingle is Jaccard 0, even with none to share.
  return sharedOwn === 0 || sharedOwn < t * (ownX + ownY - sharedOwn) - 1e-9;
}
