/**
 * The similarity of two items in the field(s) that decide: titles, bodies, or by `match` the
 * larger (either) or the smaller (both) of the two. Clustering picks a duplicate's kept item by
 * it and reports it for every member.
 */
import type { ResolvedOptions } from '../options/options.js';
import type { Corpus } from '../prepare/corpus.js';
import { bodyJaccard, corpusJaccard } from '../link/corpus-view.js';

/** @example memberSimilarity(corpus, 29, 3, 'title') // 0.6774 */
export function memberSimilarity(
  c: Corpus,
  m: number,
  other: number,
  match: ResolvedOptions['match'],
): number {
  if (match === 'title' || !c.body) return corpusJaccard(c, m, other);
  if (match === 'body') return bodyJaccard(c, m, other);
  if (match === 'either') return Math.max(corpusJaccard(c, m, other), bodyJaccard(c, m, other));
  return Math.min(corpusJaccard(c, m, other), bodyJaccard(c, m, other));
}
