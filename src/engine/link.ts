/**
 * Candidates → verify → union. Items with identical shingle sets are joined first (one
 * representative each goes on to LSH); then, band by band, items with equal band hashes are
 * candidates, and a candidate pair is an edge when its exact similarity and the headline rules
 * say duplicate. Band ranges can run on several threads over a shared corpus: each returns its
 * verified edges, and the union of all edges gives the same components whatever the split.
 * A pair already joined (on the same thread) is not checked again: that changes no component.
 */
import { jaccardSorted } from '../jaccard.js';
import { ruleOptions, type ResolvedOptions } from '../options.js';
import { decide, type RuleOptions } from '../verify/decide.js';
import type { ItemView } from '../verify/item-view.js';
import { gatherBand, type Corpus, type SharedCorpus } from './corpus.js';
import { COUNTED_BUCKET, OverlapCounter, SMALL_BUCKET } from './overlap-counter.js';
import { RadixScratch, radixSortPairs } from './radix-sort.js';
import { UnionFind } from './union-find.js';

export interface LinkStats {
  /** Items whose shingle set equals an earlier item's. */
  exactDuplicates: number;
  /** Candidate pairs checked (pairs already joined on the checking thread are not counted). */
  candidates: number;
  /** Verified pairs that joined two sets (with verify off, candidates that did). */
  verified: number;
  /** Buckets over `maxBucket` items, compared only along a chain. */
  giantBuckets: number;
}

/** Item i of a corpus as the rules see it. */
export function corpusView(c: SharedCorpus, i: number): ItemView {
  return {
    shingles: c.shingles,
    sFrom: c.shingleOffsets[i],
    sTo: c.shingleOffsets[i + 1],
    tokens: c.tokens,
    tFrom: c.tokenOffsets[i],
    tTo: c.tokenOffsets[i + 1],
    date: c.dates[i],
  };
}

/** Exact Jaccard of items i and j of a corpus. */
export function corpusJaccard(c: SharedCorpus, i: number, j: number): number {
  return jaccardSorted(c.shingles, c.shingles, c.shingleOffsets[i], c.shingleOffsets[i + 1], c.shingleOffsets[j], c.shingleOffsets[j + 1]);
}

function sameSet(c: Corpus, i: number, j: number): boolean {
  const ai = c.shingleOffsets[i];
  const aj = c.shingleOffsets[j];
  const n = c.shingleOffsets[i + 1] - ai;
  if (n !== c.shingleOffsets[j + 1] - aj) return false;
  for (let k = 0; k < n; k++) if (c.shingles[ai + k] !== c.shingles[aj + k]) return false;
  return true;
}

/**
 * Joins items with identical shingle sets (grouped by set hash, confirmed by comparing arrays)
 * and returns one representative per distinct set, in input order: only those go on to LSH.
 * With the date-gap rule on, identical sets on different dates are not interchangeable (the rule
 * may keep them apart), so each (set, date) has its own representative and LSH decides between
 * them like any other pair.
 */
export function joinExactDuplicates(c: Corpus, sets: UnionFind, byDate = false): { reps: Uint32Array; exactDuplicates: number } {
  const nonEmpty: number[] = [];
  for (let i = 0; i < c.size; i++) if (c.shingleOffsets[i + 1] > c.shingleOffsets[i]) nonEmpty.push(i);
  const bySet = radixSortPairs(Uint32Array.from(nonEmpty, (i) => c.setHashes[i]), Uint32Array.from(nonEmpty));
  const reps: number[] = [];
  let exactDuplicates = 0;
  for (let s = 0; s < bySet.keys.length; ) {
    let e = s + 1;
    while (e < bySet.keys.length && bySet.keys[e] === bySet.keys[s]) e++;
    const first = bySet.values[s];
    reps.push(first);
    // Representatives of this set by date (NaN, no date, is a key like any other).
    const firstOnDate = byDate ? new Map<number, number>([[c.dates[first], first]]) : undefined;
    for (let k = s + 1; k < e; k++) {
      const item = bySet.values[k];
      if (!sameSet(c, first, item)) {
        reps.push(item); // a 32-bit hash collision: a different set, so its own representative
        continue;
      }
      const rep = firstOnDate ? firstOnDate.get(c.dates[item]) : first;
      if (rep === undefined) {
        firstOnDate!.set(c.dates[item], item);
        reps.push(item);
        continue;
      }
      sets.union(rep, item);
      exactDuplicates++;
    }
    s = e;
  }
  return { reps: Uint32Array.from(reps).sort(), exactDuplicates };
}

/** What one band range found: verified edges as (x, y) pairs, and counts. */
export interface BandLinks {
  edges: Uint32Array;
  candidates: number;
  giantBuckets: number;
}

/** Everything a thread needs to link a band range: plain data (typed arrays may be shared). */
export interface LinkTask {
  corpus: SharedCorpus;
  reps: Uint32Array;
  bandFrom: number;
  bandTo: number;
  threshold: number;
  verify: boolean;
  maxBucket: number;
  rules: RuleOptions;
}

/**
 * Candidates of bands [bandFrom, bandTo) among the representatives, verified; returns the edges.
 * @example linkBands({ corpus, reps, bandFrom: 0, bandTo: corpus.bands, threshold: 0.5, verify: true, maxBucket: 2000, rules })
 */
export function linkBands(task: LinkTask): BandLinks {
  const { corpus: c, reps, threshold: t, rules } = task;
  const { bands, bandChunks, shingleOffsets: so } = c;
  const local = new UnionFind(c.size);
  const counter = new OverlapCounter();
  const keys = new Uint32Array(reps.length);
  const scratch = new RadixScratch(reps.length);
  let edges = new Uint32Array(1024);
  let nEdges = 0;
  let candidates = 0;
  let giantBuckets = 0;
  const tryPair = (x: number, y: number): void => {
    if (local.find(x) === local.find(y)) return;
    candidates++;
    if (task.verify) {
      // Size filter, then the exact Jaccard without allocating; rules only for what passes.
      const nx = so[x + 1] - so[x];
      const ny = so[y + 1] - so[y];
      if (Math.min(nx, ny) < t * Math.max(nx, ny)) return;
      const sim = corpusJaccard(c, x, y);
      if (sim < t || !decide(corpusView(c, x), corpusView(c, y), rules, sim).duplicate) return;
    }
    local.union(x, y);
    if (nEdges + 2 > edges.length) {
      const grown = new Uint32Array(edges.length * 2);
      grown.set(edges);
      edges = grown;
    }
    edges[nEdges++] = x;
    edges[nEdges++] = y;
  };
  for (let band = task.bandFrom; band < task.bandTo; band++) {
    gatherBand(bandChunks, bands, reps, band, keys);
    const { keys: sk, values: sv } = radixSortPairs(keys, reps, scratch);
    for (let s = 0; s < sk.length; ) {
      let e = s + 1;
      while (e < sk.length && sk[e] === sk[s]) e++;
      const size = e - s;
      if (size > task.maxBucket) {
        // A bucket this large is a band that many unrelated items share (common short texts):
        // comparing all pairs would go quadratic, so compare neighbours only and report it.
        giantBuckets++;
        for (let k = s + 1; k < e; k++) tryPair(sv[k - 1], sv[k]);
      } else if (size > SMALL_BUCKET && size <= COUNTED_BUCKET && task.verify) {
        counter.pairs(c, sv.subarray(s, e), t, tryPair);
      } else {
        for (let x = s; x < e; x++) for (let y = x + 1; y < e; y++) tryPair(sv[x], sv[y]);
      }
      s = e;
    }
  }
  return { edges: edges.slice(0, nEdges), candidates, giantBuckets };
}

/** Runs band ranges (on a pool or here) and returns their results in band order. */
export type BandRunner = (tasks: LinkTask[]) => Promise<BandLinks[]>;

/**
 * Joins duplicates of a corpus into sets; with a runner and several ranges, bands are linked in
 * parallel over the shared corpus.
 * @example const { sets } = await linkCorpus(corpus, resolveOptions())
 */
export async function linkCorpus(
  c: Corpus,
  o: ResolvedOptions,
  ranges = 1,
  runner: BandRunner = async (tasks) => tasks.map(linkBands),
): Promise<{ sets: UnionFind; stats: LinkStats }> {
  const sets = new UnionFind(c.size);
  const { reps, exactDuplicates } = joinExactDuplicates(c, sets, o.verify && o.rules['date-gap']);
  const tasks: LinkTask[] = [];
  const per = Math.ceil(c.bands / ranges);
  const { ids: _ids, ...corpus } = c;
  for (let from = 0; from < c.bands; from += per) {
    tasks.push({ corpus, reps, bandFrom: from, bandTo: Math.min(c.bands, from + per), threshold: o.threshold, verify: o.verify, maxBucket: o.maxBucket, rules: ruleOptions(o) });
  }
  const stats: LinkStats = { exactDuplicates, candidates: 0, verified: 0, giantBuckets: 0 };
  for (const r of await runner(tasks)) {
    stats.candidates += r.candidates;
    stats.giantBuckets += r.giantBuckets;
    for (let k = 0; k < r.edges.length; k += 2) if (sets.union(r.edges[k], r.edges[k + 1])) stats.verified++;
  }
  return { sets, stats };
}
