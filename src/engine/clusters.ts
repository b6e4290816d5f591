/**
 * Sets → clusters: group items by set, choose the canonical member, score each member against it.
 * Clusters are numbered in the input order of their canonical items; members are listed canonical
 * first, then by descending similarity, then input order.
 */
import type { ResolvedOptions } from '../options.js';
import { chooseCanonical } from './canonical.js';
import type { Corpus } from './corpus.js';
import { corpusJaccard } from './link.js';
import type { UnionFind } from './union-find.js';
import type { CanonicalPolicy } from '../options.js';

export interface ClusterMember {
  id: string;
  /** Position of the item in the input (0-based). */
  index: number;
  /** Exact similarity to the canonical item (1 for the canonical item itself). */
  similarity: number;
}

export interface Cluster {
  /** 1-based cluster number. */
  cluster: number;
  size: number;
  /** Id of the item kept. */
  canonical: string;
  reason: CanonicalPolicy;
  members: ClusterMember[];
}

export interface Grouping {
  clusters: Cluster[];
  /** For each item, the input index of its cluster's canonical item (its own index when alone). */
  canonicalOf: Int32Array;
  /** For each item, its cluster number, or 0 when it is in no cluster. */
  clusterOf: Int32Array;
}

/** Rounds a similarity for output: four decimals read well and are stable across platforms. */
function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function groupClusters(c: Corpus, sets: UnionFind, o: ResolvedOptions): Grouping {
  const n = c.size;
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = sets.find(i);
    if (r === i && !byRoot.has(r)) continue; // fast path: most items are alone
    let list = byRoot.get(r);
    if (!list) {
      list = [];
      byRoot.set(r, list);
    }
    list.push(i);
  }
  const canonicalOf = new Int32Array(n);
  for (let i = 0; i < n; i++) canonicalOf[i] = i;
  const clusterOf = new Int32Array(n);
  const draft: { canonical: number; reason: CanonicalPolicy; members: ClusterMember[] }[] = [];
  for (const [root, list] of byRoot) {
    // A root reached first through a later member was skipped by the fast path; put it back.
    if (!list.includes(root)) list.push(root);
    if (list.length < 2) continue;
    list.sort((a, b) => a - b);
    const choice = chooseCanonical(list, c, o.canonical);
    const members = list.map((m) => ({
      id: c.ids[m],
      index: m,
      similarity: m === choice.index ? 1 : round4(corpusJaccard(c, m, choice.index)),
    }));
    members.sort((a, b) =>
      a.index === choice.index ? -1 : b.index === choice.index ? 1 : b.similarity - a.similarity || a.index - b.index,
    );
    for (const m of list) canonicalOf[m] = choice.index;
    draft.push({ canonical: choice.index, reason: choice.reason, members });
  }
  draft.sort((a, b) => a.canonical - b.canonical);
  const clusters = draft.map((d, k) => {
    for (const m of d.members) clusterOf[m.index] = k + 1;
    return { cluster: k + 1, size: d.members.length, canonical: c.ids[d.canonical], reason: d.reason, members: d.members };
  });
  return { clusters, canonicalOf, clusterOf };
}
