/**
 * Sets → clusters: group items by set, choose the canonical member, score each member against it.
 * Clusters are numbered in the input order of their canonical items; members are listed canonical
 * first, then by descending similarity, then input order. The result is a column table (see
 * cluster-table.ts), not an object per member.
 */
import { CANONICAL_POLICIES, type ResolvedOptions } from '../options.js';
import { chooseCanonical } from './canonical.js';
import { ClusterTable } from './cluster-table.js';
import type { Corpus } from './corpus.js';
import { bodyContainment, bodyJaccard, corpusJaccard } from './link.js';
import { radixSortPairs, radixSortPositions } from './radix-sort.js';
import type { UnionFind } from './union-find.js';

export type { Cluster, ClusterMember } from './cluster-table.js';

export interface Grouping {
  /** The clusters as columns; `table.cluster(k)` and `table.toArray()` make objects. */
  table: ClusterTable;
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
 * arrays rather than a Map of arrays: group after group, each in ascending input order, with
 * where each group starts.
 */
function groups(n: number, sets: UnionFind): { items: Uint32Array; starts: number[] } {
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
  const starts: number[] = [];
  for (let s = 0; s < m; s++) if (s === 0 || sorted.keys[s] !== sorted.keys[s - 1]) starts.push(s);
  starts.push(m);
  return { items: sorted.values, starts };
}

/** Sorts positions order[0..n) by `before`: insertion sort for the usual pair or three. */
function sortPositions(order: Uint32Array, n: number, before: (a: number, b: number) => number): void {
  if (n > 16) {
    order.set(Array.from(order.subarray(0, n)).sort(before));
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = order[i];
    let j = i - 1;
    while (j >= 0 && before(order[j], v) > 0) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = v;
  }
}

export function groupClusters(c: Corpus, sets: UnionFind, o: ResolvedOptions): Grouping {
  const n = c.size;
  const canonicalOf = new Int32Array(n);
  for (let i = 0; i < n; i++) canonicalOf[i] = i;
  const clusterOf = new Int32Array(n);
  const withContainment = o.containment && c.body !== undefined && o.match !== 'title';
  const { items, starts } = groups(n, sets);
  const count = starts.length - 1;
  const m = items.length;
  // Pass 1, group by group as grouped (by root): members put in order and scored, in place.
  const members = new Uint32Array(m);
  const similarity = new Float64Array(m);
  const containment = withContainment ? new Float64Array(m) : undefined;
  const canonicals = new Uint32Array(count);
  const reasonOf = new Uint8Array(count);
  let order = new Uint32Array(16);
  let sims = new Float64Array(16);
  let conts = new Float64Array(16);
  for (let g = 0; g < count; g++) {
    const from = starts[g];
    const list = items.subarray(from, starts[g + 1]);
    const size = list.length;
    const choice = chooseCanonical(list, c, o.canonical);
    const canonical = choice.index;
    if (size > order.length) {
      order = new Uint32Array(size * 2);
      sims = new Float64Array(size * 2);
      conts = new Float64Array(size * 2);
    }
    for (let k = 0; k < size; k++) {
      const item = list[k];
      order[k] = k;
      sims[k] = item === canonical ? 1 : round4(memberSimilarity(c, item, canonical, o.match));
      if (containment) conts[k] = item === canonical ? 1 : round4(bodyContainment(c, item, canonical));
      canonicalOf[item] = canonical;
    }
    // Canonical first, then descending similarity, then input order (the list is ascending).
    sortPositions(order, size, (a, b) => (list[a] === canonical ? -1 : list[b] === canonical ? 1 : sims[b] - sims[a] || a - b));
    for (let k = 0; k < size; k++) {
      members[from + k] = list[order[k]];
      similarity[from + k] = sims[order[k]];
      if (containment) containment[from + k] = conts[order[k]];
    }
    canonicals[g] = canonical;
    reasonOf[g] = CANONICAL_POLICIES.indexOf(choice.reason);
  }
  // Pass 2: groups in the input order of their canonical items (each item is canonical of one
  // group at most, so the order is total), copied into the table's columns.
  const byCanonical = radixSortPositions(canonicals).values;
  const table = {
    starts: new Uint32Array(count + 1),
    members: new Uint32Array(m),
    similarity: new Float64Array(m),
    containment: containment && new Float64Array(m),
    reasons: new Uint8Array(count),
  };
  for (let k = 0, at = 0; k < count; k++) {
    const g = byCanonical[k];
    const from = starts[g];
    const to = starts[g + 1];
    table.members.set(members.subarray(from, to), at);
    table.similarity.set(similarity.subarray(from, to), at);
    if (containment) table.containment!.set(containment.subarray(from, to), at);
    for (let p = from; p < to; p++) clusterOf[members[p]] = k + 1;
    table.reasons[k] = reasonOf[g];
    at += to - from;
    table.starts[k + 1] = at;
  }
  return { table: new ClusterTable(table, c.ids), canonicalOf, clusterOf };
}
