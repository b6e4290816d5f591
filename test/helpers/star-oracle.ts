/**
 * Oracles for star clustering: the walk done the slow, obvious way (every pair decided by
 * `compare`, the public pairwise decision, with dates), the removed items checked one by
 * one against their kept item, and the online index replayed over a corpus.
 */
import {
  compare,
  dedup,
  NearDupIndex,
  type DedupItem,
  type DedupOptions,
  type PairText,
} from '../../src/index.js';

export interface DatedItem {
  id: string;
  text: string;
  date?: string;
}

/** Item indices in the order a canonical policy walks them (see canonicalOrder). */
export function walkOrder(
  items: readonly DatedItem[],
  policy: DedupOptions['canonical'] = 'first',
): number[] {
  const order = items.map((_, i) => i);
  if (policy === 'longest')
    return order.sort((a, b) => [...items[b].text].length - [...items[a].text].length || a - b);
  if (policy === 'earliest') {
    const t = items.map((it) => (it.date === undefined ? NaN : Date.parse(it.date)));
    return order.sort((a, b) =>
      Number.isNaN(t[a]) ? (Number.isNaN(t[b]) ? a - b : 1) : Number.isNaN(t[b]) ? -1 : t[a] - t[b] || a - b,
    );
  }
  return order;
}

/**
 * Star clustering by brute force: walk the items; each joins the most similar kept item it is a
 * duplicate of (ties to the one kept first), else it is kept. Returns each item's kept item.
 */
export function bruteForceStar(items: readonly DatedItem[], options: DedupOptions = {}): number[] {
  const cmp = (a: PairText, b: PairText) => compare(a, b, options);
  const canonicalOf = items.map((_, i) => i);
  const kept: number[] = [];
  for (const y of walkOrder(items, options.canonical)) {
    let best = -1;
    let bestSim = -1;
    for (const z of kept) {
      const d = cmp(items[y], items[z]);
      if (d.duplicate && d.similarity > bestSim) {
        best = z;
        bestSim = d.similarity;
      }
    }
    if (best >= 0) canonicalOf[y] = best;
    else kept.push(y);
  }
  return canonicalOf;
}

/** The removed items of a dedup run that the pairwise decision does not call duplicates of their kept item. */
export async function removedNotDuplicates(
  items: readonly DatedItem[],
  options: DedupOptions = {},
): Promise<{ removed: number; failures: string[] }> {
  const r = await dedup(items as DedupItem[], options);
  const cmp = (a: PairText, b: PairText) => compare(a, b, options);
  const failures: string[] = [];
  let removed = 0;
  for (let i = 0; i < items.length; i++) {
    const k = r.canonicalOf[i];
    if (k === i) continue;
    removed++;
    if (!cmp(items[i], items[k]).duplicate) failures.push(`${items[i].id} → ${items[k].id}`);
  }
  return { removed, failures };
}

/**
 * Checks every item with a fresh in-memory index in input order (the `first` policy's walk) and
 * returns how many it flagged, and where it differs from batch dedup (flagged or not, and `of`).
 */
export async function replayAgainstBatch(
  items: readonly DatedItem[],
  options: DedupOptions = {},
): Promise<{ flagged: number; differences: string[] }> {
  const index = new NearDupIndex(options);
  const batch = await dedup(items as DedupItem[], options);
  const differences: string[] = [];
  let flagged = 0;
  for (let i = 0; i < items.length; i++) {
    const c = await index.check(items[i]);
    const k = batch.canonicalOf[i];
    const expected = k === i ? undefined : items[k].id;
    if (c.duplicate) flagged++;
    if (c.of !== expected)
      differences.push(`${items[i].id}: index says ${c.of ?? 'new'}, batch ${expected ?? 'kept'}`);
  }
  return { flagged, differences };
}
