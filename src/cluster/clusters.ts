/**
 * Canonical items → clusters: each kept item with the items removed in its place, each member
 * scored against it. Which item is kept for which comes from star clustering (star.ts, the
 * default) or, with `linkage: 'components'`, from connected components of the verified pairs
 * (story threads: a member may then be no duplicate of its kept item). Clusters are numbered in
 * the input order of their canonical items; members are listed canonical first, then by
 * descending similarity, then input order. The result is a column table (see cluster-table.ts),
 * not an object per member.
 */
import { CANONICAL_POLICIES, type CanonicalPolicy, type ResolvedOptions } from '../options/options.js';
import { chooseCanonical } from './canonical.js';
import { ClusterTable } from './cluster-table.js';
import type { Corpus } from '../prepare/corpus.js';
import { bodyContainment } from '../link/corpus-view.js';
import type { CorpusLinks } from '../link/link-corpus.js';
import { memberSimilarity } from './member-similarity.js';
import { radixSortPairs } from '../link/radix-sort.js';
import { UnionFind } from './union-find.js';
import { LIMIT_NONE, withinLimit } from '../link/date-limit.js';

export type { Cluster, ClusterMember } from './cluster-table.js';

export interface Grouping {
  /** The clusters as columns; `table.cluster(k)` and `table.toArray()` make objects. */
  table: ClusterTable;
  /** For each item, the input index of its cluster's canonical item (its own index when alone). */
  canonicalOf: Int32Array;
  /** For each item, its cluster number, or 0 when it is in no cluster. */
  clusterOf: Int32Array;
}

/** Rounds a similarity or probability for output: four decimals read well and are stable across platforms. */
export function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * The members of every group of two or more with the same key (a set's root, or a canonical
 * item), grouped by radix sort of (key, index) over typed arrays rather than a Map of arrays:
 * group after group in ascending key order, each in ascending input order, with where each
 * group starts.
 */
function groups(n: number, keyOf: (i: number) => number): { items: Uint32Array; starts: number[] } {
  const roots = new Uint32Array(n);
  const sizes = new Uint32Array(n);
  for (let i = 0; i < n; i++) sizes[(roots[i] = keyOf(i))]++;
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

/**
 * Each group of identical items' member dates, sorted (NaN first: an undated member), in one CSR
 * table by representative.
 */
function groupDates(c: Corpus, repOf: Int32Array): { starts: Uint32Array; dates: Float64Array } {
  const n = c.size;
  const starts = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) starts[repOf[i] + 1]++;
  for (let i = 0; i < n; i++) starts[i + 1] += starts[i];
  const dates = new Float64Array(n);
  const at = starts.slice(0, n);
  for (let i = 0; i < n; i++) dates[at[repOf[i]]++] = c.dates[i];
  for (let r = 0; r < n; r++) {
    if (starts[r + 1] - starts[r] > 1)
      dates
        .subarray(starts[r], starts[r + 1])
        .sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  }
  return { starts, dates };
}

/** The smallest gap between a date of one sorted list and one of another (NaN when either has an undated member). */
function smallestGap(a: Float64Array, b: Float64Array): number {
  if (a.length === 0 || b.length === 0 || Number.isNaN(a[0]) || Number.isNaN(b[0])) return Number.NaN;
  let i = 0;
  let j = 0;
  let best = Infinity;
  while (i < a.length && j < b.length) {
    best = Math.min(best, Math.abs(a[i] - b[j]));
    if (a[i] < b[j]) i++;
    else j++;
  }
  return best;
}

/**
 * For each item, its component's canonical item under the policy: connected components of the
 * verified pairs (and of the groups of identical items), the `linkage: 'components'` option. An
 * edge joins two groups of identical items when some member of one is within the edge's date limit
 * of some member of the other (as star clustering checks member pairs): the pair was decided at
 * the groups' date spans, and a member dated inside the other group's span may have no copy near
 * enough to be its duplicate.
 * @example componentCanonicals(corpus, await linkCorpus(corpus, o), o, 7)
 */
export function componentCanonicals(
  c: Corpus,
  links: Pick<CorpusLinks, 'repOf' | 'edges'>,
  o: ResolvedOptions,
  windowDays = 0,
): Int32Array {
  const n = c.size;
  const sets = new UnionFind(n);
  for (let i = 0; i < n; i++) if (links.repOf[i] !== i) sets.union(i, links.repOf[i]);
  const members = windowDays > 0 ? groupDates(c, links.repOf) : undefined;
  const datesOf = (r: number) => members!.dates.subarray(members!.starts[r], members!.starts[r + 1]);
  for (let e = 0; e < links.edges.length; e += 3) {
    const x = links.edges[e];
    const y = links.edges[e + 1];
    const f = links.edges[e + 2];
    if (members && f !== LIMIT_NONE && !withinLimit(smallestGap(datesOf(x), datesOf(y)), f, windowDays))
      continue;
    sets.union(x, y);
  }
  const canonicalOf = new Int32Array(n);
  for (let i = 0; i < n; i++) canonicalOf[i] = i;
  const { items, starts } = groups(n, (i) => sets.find(i));
  for (let g = 0; g + 1 < starts.length; g++) {
    const list = items.subarray(starts[g], starts[g + 1]);
    const canonical = chooseCanonical(list, c, o.canonical).index;
    for (const m of list) canonicalOf[m] = canonical;
  }
  return canonicalOf;
}

/** What decided a cluster's canonical item: the policy, or `first` when `earliest` had no date to go by. */
function reasonFor(c: Corpus, canonical: number, policy: CanonicalPolicy): CanonicalPolicy {
  return policy === 'earliest' && Number.isNaN(c.dates[canonical]) ? 'first' : policy;
}

/**
 * Clusters from each item's canonical item (its own index when it is kept).
 * @example groupClusters(corpus, starCanonicals(corpus, links, o, 7), o).table.count
 */
export function groupClusters(c: Corpus, canonicalOf: Int32Array, o: ResolvedOptions): Grouping {
  const n = c.size;
  const clusterOf = new Int32Array(n);
  const withContainment = o.containment && c.body !== undefined && o.match !== 'title';
  // Groups in ascending order of their canonical items: already the clusters' order.
  const { items, starts } = groups(n, (i) => canonicalOf[i]);
  const count = starts.length - 1;
  const m = items.length;
  const table = {
    starts: new Uint32Array(count + 1),
    members: new Uint32Array(m),
    similarity: new Float64Array(m),
    containment: withContainment ? new Float64Array(m) : undefined,
    reasons: new Uint8Array(count),
  };
  let order = new Uint32Array(16);
  let sims = new Float64Array(16);
  let conts = new Float64Array(16);
  for (let g = 0; g < count; g++) {
    const from = starts[g];
    const list = items.subarray(from, starts[g + 1]);
    const size = list.length;
    const canonical = canonicalOf[list[0]];
    if (size > order.length) {
      order = new Uint32Array(size * 2);
      sims = new Float64Array(size * 2);
      conts = new Float64Array(size * 2);
    }
    for (let k = 0; k < size; k++) {
      const item = list[k];
      order[k] = k;
      sims[k] = item === canonical ? 1 : round4(memberSimilarity(c, item, canonical, o.match));
      if (withContainment) conts[k] = item === canonical ? 1 : round4(bodyContainment(c, item, canonical));
    }
    // Canonical first, then descending similarity, then input order (the list is ascending).
    sortPositions(order, size, (a, b) =>
      list[a] === canonical ? -1 : list[b] === canonical ? 1 : sims[b] - sims[a] || a - b,
    );
    for (let k = 0; k < size; k++) {
      table.members[from + k] = list[order[k]];
      table.similarity[from + k] = sims[order[k]];
      if (table.containment) table.containment[from + k] = conts[order[k]];
      clusterOf[list[order[k]]] = g + 1;
    }
    table.starts[g + 1] = starts[g + 1];
    table.reasons[g] = CANONICAL_POLICIES.indexOf(reasonFor(c, canonical, o.canonical));
  }
  return { table: new ClusterTable(table, c.ids), canonicalOf, clusterOf };
}
