/**
 * Slow, obvious oracles: string shingles via natural's NGrams over the tokeniser's tokens, Set-based
 * Jaccard, and brute-force all-pairs clustering by breadth-first search, over string shingles or
 * over the engine's decision function.
 */
import natural from 'natural';
import { parseDate } from '../../src/read/dates.js';
import { prepareBatch } from '../../src/prepare/prepare.js';
import type { DedupOptions, DedupResult } from '../../src/index.js';
import { resolveOptions, ruleOptions, shingleParams } from '../../src/options/options.js';
import { Shingler } from '../../src/text/shingle.js';
import { tokenize } from '../../src/text/tokenize.js';
import {
  type CorpusStats,
  type DfSketch,
  SKETCH_SHINGLE_BITS,
  SKETCH_TOKEN_BITS,
  sketchCell,
  sketchStats,
} from '../../src/verify/corpus-stats.js';
import { decide } from '../../src/verify/decide.js';
import type { ItemView } from '../../src/verify/item-view.js';

export function stringShingles(text: string, n: number, foldScript = true, stripTags = true): Set<string> {
  const tokens = tokenize(text, { foldScript, stripTags });
  if (tokens.length === 0) return new Set();
  if (tokens.length < n) return new Set([tokens.join('\u0001')]);
  return new Set(natural.NGrams.ngrams(tokens, n).map((g: string[]) => g.join('\u0001')));
}

export function setJaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Connected components of the graph "Jaccard ≥ t" over string shingles (size ≥ 2). */
export function bruteForceClusters(texts: readonly string[], n: number, t: number): number[][] {
  const sets = texts.map((s) => stringShingles(s, n, true, true));
  return bruteForceComponents(texts.length, (i, j) => setJaccard(sets[i], sets[j]) >= t);
}

/** Connected components of the graph whose edges are the pairs with isDuplicate(i, j), all pairs tried. */
export function bruteForceComponents(
  count: number,
  isDuplicate: (i: number, j: number) => boolean,
): number[][] {
  const texts = { length: count };
  const adj: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (isDuplicate(i, j)) {
        adj[i].push(j);
        adj[j].push(i);
      }
    }
  }
  const seen = new Uint8Array(texts.length);
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i++) {
    if (seen[i] || adj[i].length === 0) continue;
    const comp = [i];
    seen[i] = 1;
    for (let k = 0; k < comp.length; k++) {
      for (const j of adj[comp[k]]) if (!seen[j]) (seen[j] = 1), comp.push(j);
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Items as the decision function sees them, built the obvious way: one text at a time. */
export function pairViews(
  items: readonly { text: string; date?: string }[],
  options: DedupOptions = {},
): ItemView[] {
  const shingler = new Shingler(shingleParams(resolveOptions(options)));
  return items.map(({ text, date }) => {
    const n = shingler.shingle(text);
    const shingles = shingler.hashes.slice(0, n);
    const tokens = shingler.tokens.slice(0, shingler.tokenCount);
    return { shingles, sFrom: 0, sTo: n, tokens, tFrom: 0, tTo: tokens.length, date: parseDate(date) };
  });
}

/**
 * Whether LSH can propose a pair, decided pair by pair from the engine's own signatures (tested
 * against their maths elsewhere): the two share one of the 24-bit band keys the engine buckets by,
 * or have identical shingle sets (the exact-copy join). Empty texts match nothing. Buckets larger
 * than options.maxBucket, compared only along a chain, are not modelled: check giantBuckets is 0.
 */
export function lshCandidate(
  texts: readonly string[],
  options: DedupOptions = {},
): (i: number, j: number) => boolean {
  const o = resolveOptions(options);
  const batch = prepareBatch(texts, { ...shingleParams(o), perms: o.perms, bands: o.bands, rows: o.rows });
  const b = o.bands;
  const sameSet = (i: number, j: number): boolean => {
    const [ai, aj, bi, bj] = [
      batch.shingleOffsets[i],
      batch.shingleOffsets[i + 1],
      batch.shingleOffsets[j],
      batch.shingleOffsets[j + 1],
    ];
    if (aj - ai !== bj - bi) return false;
    for (let k = 0; k < aj - ai; k++) if (batch.shingles[ai + k] !== batch.shingles[bi + k]) return false;
    return true;
  };
  return (i, j) => {
    if (
      batch.shingleOffsets[i + 1] === batch.shingleOffsets[i] ||
      batch.shingleOffsets[j + 1] === batch.shingleOffsets[j]
    )
      return false;
    for (let band = 0; band < b; band++) {
      if (((batch.bandHashes[i * b + band] ^ batch.bandHashes[j * b + band]) & 0xffffff) === 0) return true;
    }
    return sameSet(i, j);
  };
}

/**
 * The clusters the engine must give, by brute force: every pair that LSH can propose (above)
 * decided by the engine's decision function (all rules, dates), then grouped by the clustering
 * rule: star clusters (each item, in input order, joins the most similar kept item it is a
 * duplicate of, ties to the one kept first, else is kept), or connected components with
 * `linkage: 'components'`. The rule lives here only, so that a change of rule changes this
 * function, not the tests that compare with it. (Input order is the `first` policy's walk.)
 */
/** Exact document frequencies of shingles and tokens, with a Map per kind. */
export function exactCounts(views: readonly ItemView[]): {
  shingles: Map<number, number>;
  tokens: Map<number, number>;
  docs: number;
} {
  const shingles = new Map<number, number>();
  const tokens = new Map<number, number>();
  let docs = 0;
  for (const v of views) {
    if (v.sTo === v.sFrom) continue;
    docs++;
    for (let k = v.sFrom; k < v.sTo; k++) shingles.set(v.shingles[k], (shingles.get(v.shingles[k]) ?? 0) + 1);
    for (const t of new Set(v.tokens.subarray(v.tFrom, v.tTo))) tokens.set(t, (tokens.get(t) ?? 0) + 1);
  }
  return { shingles, tokens, docs };
}

/** The sketch that exact counts give (each key's count added to its two cells). */
export function sketchOf(exact: ReturnType<typeof exactCounts>): DfSketch {
  const fill = (counts: Map<number, number>, bits: number) => {
    const cells = new Uint16Array(2 ** (bits + 1));
    for (const [k, n] of counts) for (const row of [0, 1] as const) cells[sketchCell(k, row, bits)] += n;
    return cells;
  };
  return {
    shingles: fill(exact.shingles, SKETCH_SHINGLE_BITS),
    tokens: fill(exact.tokens, SKETCH_TOKEN_BITS),
    docs: exact.docs,
  };
}

/**
 * The statistics batch dedup decides with under the learned decision, built the obvious way:
 * the items' exact counts (in a sketch's cells), over the bundled table when the shingles are
 * the table's. Undefined under the rules, which read no statistics.
 */
export function batchStats(
  items: readonly { text: string; date?: string }[],
  options: DedupOptions = {},
): CorpusStats | undefined {
  const o = resolveOptions(options);
  const rules = ruleOptions(o);
  if (!o.verify || rules.decision !== 'model') return undefined;
  return sketchStats(sketchOf(exactCounts(pairViews(items, options))), rules.corpusStats !== 'uniform');
}

/**
 * The corpus statistics an online index holds after adding `items` (the bundled table plus its
 * arrivals' counts): the stored side of a pair it decides is counted, the probe is not.
 */
export function indexStats(items: readonly { text: string; date?: string }[]): CorpusStats {
  return sketchStats(sketchOf(exactCounts(pairViews(items))), true, 1);
}

export function bruteForceEngineClusters(
  items: readonly { text: string; date?: string }[],
  options: DedupOptions = {},
  stats?: CorpusStats,
): number[][] {
  const views = pairViews(items, options);
  const rules = ruleOptions(resolveOptions(options));
  // Batch dedup weighs shared text by the corpus's own counts under the learned decision.
  stats ??= batchStats(items, options);
  const candidate = lshCandidate(
    items.map((h) => h.text),
    options,
  );
  const decideWith = (a: ItemView, b: ItemView) => decide(a, b, rules, undefined, stats);
  if (options.linkage === 'components') {
    return bruteForceComponents(
      items.length,
      (i, j) => candidate(i, j) && decideWith(views[i], views[j]).duplicate,
    );
  }
  const kept: number[] = [];
  const members = new Map<number, number[]>();
  for (let y = 0; y < items.length; y++) {
    let best = -1;
    let bestSim = -1;
    for (const z of kept) {
      if (!candidate(y, z)) continue;
      const d = decideWith(views[y], views[z]);
      if (d.duplicate && d.similarity > bestSim) {
        best = z;
        bestSim = d.similarity;
      }
    }
    if (best === -1) kept.push(y);
    else members.set(best, [...(members.get(best) ?? [best]), y]);
  }
  return [...members.values()].sort((a, b) => a[0] - b[0]);
}

/** A result's clusters as sorted member indices, ordered by first member (the oracles' form). */
export function memberSets(r: DedupResult): number[][] {
  return r.clusters
    .map((c) => c.members.map((m) => m.index).sort((a, b) => a - b))
    .sort((a, b) => a[0] - b[0]);
}
