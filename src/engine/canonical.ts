/**
 * Canonical choice: which member of a cluster is kept. Each policy has a total order with the input
 * position as the last tie-break, so the choice never depends on thread count or batch size.
 */
import type { CanonicalPolicy } from '../options.js';
import type { Corpus } from './corpus.js';

export interface CanonicalChoice {
  /** Item index of the canonical member. */
  index: number;
  /** What decided: the policy, or `first` when `earliest` found no dates to compare. */
  reason: CanonicalPolicy;
}

/**
 * Picks the canonical member of `members` (item indices in ascending order).
 * @example chooseCanonical([3, 7, 9], corpus, 'longest') // { index: 7, reason: 'longest' }
 */
export function chooseCanonical(members: ArrayLike<number> & Iterable<number>, c: Corpus, policy: CanonicalPolicy): CanonicalChoice {
  let best = members[0];
  if (policy === 'longest') {
    for (const m of members) if (c.textLengths[m] > c.textLengths[best]) best = m;
    return { index: best, reason: 'longest' };
  }
  if (policy === 'earliest') {
    let bestDate = Infinity;
    for (const m of members) {
      const d = c.dates[m];
      if (!Number.isNaN(d) && d < bestDate) {
        bestDate = d;
        best = m;
      }
    }
    if (bestDate !== Infinity) return { index: best, reason: 'earliest' };
    return { index: members[0], reason: 'first' };
  }
  return { index: best, reason: 'first' };
}
