/**
 * Canonical choice: which member of a cluster is kept. Each policy has a total order with the input
 * position as the last tie-break, so the choice never depends on thread count or batch size.
 */
import type { CanonicalPolicy } from '../options/options.js';
import type { Corpus } from '../prepare/corpus.js';

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
export function chooseCanonical(
  members: ArrayLike<number> & Iterable<number>,
  c: Corpus,
  policy: CanonicalPolicy,
): CanonicalChoice {
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

/**
 * Every item in the order the policy ranks them for keeping: `first` input order; `earliest` by
 * date, then input order, undated items after all dated ones (in input order); `longest` by text
 * length, longest first, then input order. Star clustering walks items in this order.
 * @example canonicalOrder(corpus, 'earliest') // item indices, earliest first
 */
export function canonicalOrder(c: Corpus, policy: CanonicalPolicy): Uint32Array {
  const n = c.size;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (policy === 'first') return order;
  if (policy === 'longest') {
    const len = c.textLengths;
    return order.sort((a, b) => len[b] - len[a] || a - b);
  }
  const d = c.dates;
  return order.sort((a, b) => {
    const da = d[a];
    const db = d[b];
    if (Number.isNaN(da)) return Number.isNaN(db) ? a - b : 1;
    if (Number.isNaN(db)) return -1;
    return da - db || a - b;
  });
}
