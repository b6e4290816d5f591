/**
 * Items of a shared corpus as the decision reads them: an item's view for the rules, and the
 * exact title and body similarities of two items. Linking decides pairs with them, and
 * clustering re-checks member pairs with the same ones, so both stages agree on every number.
 */
import { jaccardSorted } from '../sketch/jaccard.js';
import { bodyDecision, type BodyDecision } from '../verify/body-decision.js';
import type { ItemView } from '../verify/item-view.js';
import type { SharedCorpus } from '../prepare/corpus.js';
import type { TokenReader } from '../prepare/token-column.js';

/** Item i of a corpus as the rules see it, its tokens unpacked into `reader`'s buffer. */
export function corpusView(c: SharedCorpus, i: number, reader: TokenReader): ItemView {
  const count = reader.read(c.tokens, c.tokenOffsets[i], c.tokenOffsets[i + 1]);
  return {
    shingles: c.shingles,
    sFrom: c.shingleOffsets[i],
    sTo: c.shingleOffsets[i + 1],
    tokens: reader.tokens,
    tFrom: 0,
    tTo: count,
    date: c.dates[i],
    item: i,
  };
}

/** The body decision for items i and j of a corpus. */
export function corpusBodyDecision(
  c: SharedCorpus,
  i: number,
  j: number,
  threshold: number,
  containment: boolean,
): BodyDecision {
  const b = c.body!;
  const o = b.shingleOffsets;
  return bodyDecision(b.shingles, o[i], o[i + 1], b.shingles, o[j], o[j + 1], threshold, containment);
}

/** Exact Jaccard of the bodies of items i and j. */
export function bodyJaccard(c: SharedCorpus, i: number, j: number): number {
  return corpusBodyDecision(c, i, j, 1, false).similarity;
}

/** |A ∩ B| / min(|A|, |B|) of the bodies of items i and j: 1 when one body is inside the other. */
export function bodyContainment(c: SharedCorpus, i: number, j: number): number {
  return corpusBodyDecision(c, i, j, 1, false).containment;
}

/** Exact Jaccard of items i and j of a corpus. */
export function corpusJaccard(c: SharedCorpus, i: number, j: number): number {
  return jaccardSorted(
    c.shingles,
    c.shingles,
    c.shingleOffsets[i],
    c.shingleOffsets[i + 1],
    c.shingleOffsets[j],
    c.shingleOffsets[j + 1],
  );
}
