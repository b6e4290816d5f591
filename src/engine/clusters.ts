/**
 * Sets → clusters: group items by set, choose the canonical member, score each member against it.
 * Clusters are numbered in the input order of their canonical items; members are listed canonical
 * first, then by descending similarity, then input order.
 */
import type { ResolvedOptions } from '../options.js';
import { chooseCanonical } from './canonical.js';
import type { Corpus } from './corpus.js';
import { bodyContainment, bodyJaccard, corpusJaccard } from './link.js';
import { radixSortPairs } from './radix-sort.js';
import type { UnionFind } from './union-find.js';
import type { CanonicalPolicy } from '../options.js';

export interface ClusterMember {
  id: string;
  /** Position of the item in the input (0-based). */
  index: number;
  /** Exact similarity to the canonical item (1 for the canonical item itself). */
  similarity: number;
  /** With bodies compared and `containment` on: |A ∩ B| / min(|A|, |B|) of the two bodies. */
  containment?: number;
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

/** Similarity to the canonical item in the field(s) that decide: titles, bodies, or the larger. */
function memberSimilarity(c: Corpus, m: number, canonical: number, match: ResolvedOptions['match']): number {
  if (match === 'title' || !c.body) return corpusJaccard(c, m, canonical);
  if (match === 'body') return bodyJaccard(c, m, canonical);
  if (match === 'either') return Math.max(corpusJaccard(c, m, canonical), bodyJaccard(c, m, canonical));
  return Math.min(corpusJaccard(c, m, canonical), bodyJaccard(c, m, canonical));
}

/** Rounds a similarity for output: four decimals read well and are stable across platforms. */
function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * The members of every set of two or more, grouped by radix sort of (root, index) over typed
 * arrays rather than a Map of arrays: each group comes out in ascending input order.
 */
function* groups(n: number, sets: UnionFind): Generator<Uint32Array> {
  const roots = new Uint32Array(n);
  const sizes = new Uint32Array(n);
  for (let i = 0; i < n; i++) sizes[(roots[i] = sets.find(i))]++;
  let m = 0;
  for (let i = 0; i < n; i++) if (sizes[roots[i]] > 1) m++;
  const keys = new Uint32Array(m);
  const items = new Uint32Array(m);
  for (let i = 0, k = 0; i < n; i++) {
    if (sizes[roots[i]] < 2) continue;
    keys[k] = roots[i];
    items[k++] = i;
  }
  const sorted = radixSortPairs(keys, items);
  for (let s = 0; s < m; ) {
    let e = s + 1;
    while (e < m && sorted.keys[e] === sorted.keys[s]) e++;
    yield sorted.values.subarray(s, e);
    s = e;
  }
}

export function groupClusters(c: Corpus, sets: UnionFind, o: ResolvedOptions): Grouping {
  const n = c.size;
  const canonicalOf = new Int32Array(n);
  for (let i = 0; i < n; i++) canonicalOf[i] = i;
  const clusterOf = new Int32Array(n);
  const draft: { canonical: number; reason: CanonicalPolicy; members: ClusterMember[] }[] = [];
  const containment = o.containment && c.body !== undefined && o.match !== 'title';
  for (const list of groups(n, sets)) {
    const choice = chooseCanonical(list, c, o.canonical);
    // Objects of one shape, built in a plain loop (a spread per member cost a third of this stage).
    const members: ClusterMember[] = new Array(list.length);
    for (let k = 0; k < list.length; k++) {
      const m = list[k];
      const member: ClusterMember = { id: c.ids.get(m), index: m, similarity: m === choice.index ? 1 : round4(memberSimilarity(c, m, choice.index, o.match)) };
      if (containment) member.containment = m === choice.index ? 1 : round4(bodyContainment(c, m, choice.index));
      members[k] = member;
    }
    members.sort((a, b) =>
      a.index === choice.index ? -1 : b.index === choice.index ? 1 : b.similarity - a.similarity || a.index - b.index,
    );
    for (const m of list) canonicalOf[m] = choice.index;
    draft.push({ canonical: choice.index, reason: choice.reason, members });
  }
  draft.sort((a, b) => a.canonical - b.canonical);
  const clusters = draft.map((d, k) => {
    for (const m of d.members) clusterOf[m.index] = k + 1;
    return { cluster: k + 1, size: d.members.length, canonical: c.ids.get(d.canonical), reason: d.reason, members: d.members };
  });
  return { clusters, canonicalOf, clusterOf };
}
