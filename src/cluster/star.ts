/**
 * Star clustering: every removed item is a verified duplicate of the item kept in its place.
 * Items are walked in the canonical policy's order (see canonicalOrder); an item that is a
 * verified duplicate of one or more items already kept joins the best of them — the highest
 * similarity, ties to the one earlier in the walk — and is removed; otherwise it is kept and
 * becomes a centre that later items may join. Unlike connected components, a chain of matches
 * (A ~ B ~ C with A ≁ C) cannot remove C in A's name: C is compared with the kept A only.
 *
 * The verified pairs come from the link stage as edges between representatives of groups of
 * identical items (see link/exact-join.ts). Members of one group share their words, so a member's
 * similarity to any member of another group is the same; only dates tell them apart, and each
 * member pair is checked against its date limit (the date-gap rule, as `decide` applies it).
 * Every step is a pure function of the edges and the order, so the clusters are the same for
 * any thread count and batch size.
 */
import type { ResolvedOptions } from '../options/options.js';
import { canonicalOrder } from './canonical.js';
import type { Corpus } from '../prepare/corpus.js';
import { withinLimit } from '../link/date-limit.js';
import type { CorpusLinks } from '../link/link-corpus.js';
import { memberSimilarity } from './member-similarity.js';

/**
 * For each item, the input index of the kept item it is a duplicate of (its own for a kept item).
 * @example starCanonicals(corpus, await linkCorpus(corpus, o), o, 7)
 */
export function starCanonicals(
  c: Corpus,
  links: Pick<CorpusLinks, 'repOf' | 'selfFlags' | 'edges'>,
  o: ResolvedOptions,
  windowDays: number,
): Int32Array {
  const n = c.size;
  const { repOf, selfFlags, edges } = links;
  // Input order (the `first` policy) needs no arrays: an item's position is its index.
  const inOrder = o.canonical === 'first';
  const order = inOrder ? undefined : canonicalOrder(c, o.canonical);
  const pos = order ? new Uint32Array(n) : undefined;
  if (order && pos) for (let p = 0; p < n; p++) pos[order[p]] = p;
  // Each representative's edges (neighbour, flag) in one CSR table.
  const degree = new Uint32Array(n + 1);
  const m = edges.length / 3;
  for (let e = 0; e < m; e++) {
    degree[edges[3 * e] + 1]++;
    degree[edges[3 * e + 1] + 1]++;
  }
  for (let i = 0; i < n; i++) degree[i + 1] += degree[i];
  // degree[i] is where i's edges start; it serves as i's write cursor, ends up where they end
  // (where i + 1's start), and is shifted back.
  const neighbour = new Uint32Array(2 * m);
  const flag = new Uint32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const x = edges[3 * e];
    const y = edges[3 * e + 1];
    const f = edges[3 * e + 2];
    neighbour[degree[x]] = y;
    flag[degree[x]++] = f;
    neighbour[degree[y]] = x;
    flag[degree[y]++] = f;
  }
  degree.copyWithin(1, 0, n);
  degree[0] = 0;
  // The kept items of each group, in walk order: a list threaded through `next`.
  const head = new Int32Array(n).fill(-1);
  const tail = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const dates = c.dates;
  const within = (y: number, z: number, f: number): boolean =>
    withinLimit(Math.abs(dates[y] - dates[z]), f, windowDays);
  const canonicalOf = new Int32Array(n);
  const so = c.shingleOffsets;
  // The item being placed and the best kept item found for it so far.
  let y = 0;
  let ownGroup = -1;
  let best = -1;
  let bestSim = -1;
  let bestPos = Infinity;
  // A group's kept members have the same similarity to y, so the first in walk order that is
  // within its window is the group's best.
  const consider = (group: number, f: number): void => {
    for (let z = head[group]; z !== -1; z = next[z]) {
      if (!within(y, z, f)) continue;
      // Members of y's own group have y's shingle set: similarity 1 (groups are single items
      // unless titles alone decide).
      const sim = group === ownGroup ? 1 : memberSimilarity(c, y, z, o.match);
      const at = pos ? pos[z] : z;
      if (sim > bestSim || (sim === bestSim && at < bestPos)) {
        best = z;
        bestSim = sim;
        bestPos = at;
      }
      return;
    }
  };
  for (let p = 0; p < n; p++) {
    y = order ? order[p] : p;
    canonicalOf[y] = y;
    if (so[y + 1] === so[y] && (!c.body || c.body.shingleOffsets[y + 1] === c.body.shingleOffsets[y]))
      continue;
    const r = repOf[y];
    ownGroup = r;
    best = -1;
    bestSim = -1;
    bestPos = Infinity;
    consider(r, selfFlags[r]);
    for (let k = degree[r]; k < degree[r + 1]; k++) consider(neighbour[k], flag[k]);
    if (best >= 0) {
      canonicalOf[y] = best;
      continue;
    }
    if (head[r] === -1) head[r] = y;
    else next[tail[r]] = y;
    tail[r] = y;
  }
  return canonicalOf;
}
