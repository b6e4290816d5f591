/**
 * Candidates → verify → union. Items with identical shingle sets are joined first (one
 * representative each goes on to LSH); then, band by band, items with equal band hashes are
 * candidates, and a candidate pair joins the same set when its exact Jaccard similarity reaches
 * the threshold. A pair already in one set is not checked again: that changes no component, so
 * the result equals the connected components of the verified candidate graph.
 */
import { jaccardSorted } from '../jaccard.js';
import { ruleOptions, type ResolvedOptions } from '../options.js';
import { decide } from '../verify/decide.js';
import type { ItemView } from '../verify/item-view.js';
import type { Corpus } from './corpus.js';
import { radixSortPairs } from './radix-sort.js';
import { UnionFind } from './union-find.js';

export interface LinkStats {
  /** Items whose shingle set equals an earlier item's. */
  exactDuplicates: number;
  /** Candidate pairs checked (pairs found already joined are not counted). */
  candidates: number;
  /** Candidate pairs that passed verification (or all of them with verify off). */
  verified: number;
  /** Buckets over `maxBucket` items, compared only along a chain. */
  giantBuckets: number;
}

/** Item i of a corpus as the rules see it. */
export function corpusView(c: Corpus, i: number): ItemView {
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
export function corpusJaccard(c: Corpus, i: number, j: number): number {
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
 * Joins duplicates of a corpus into sets.
 * @example const { sets } = linkCorpus(corpus, resolveOptions())
 */
export function linkCorpus(c: Corpus, o: ResolvedOptions): { sets: UnionFind; stats: LinkStats } {
  const n = c.size;
  const sets = new UnionFind(n);
  const stats: LinkStats = { exactDuplicates: 0, candidates: 0, verified: 0, giantBuckets: 0 };

  // 1. Exact shingle-set duplicates: group by set hash, confirm by comparing the arrays.
  const nonEmpty: number[] = [];
  for (let i = 0; i < n; i++) if (c.shingleOffsets[i + 1] > c.shingleOffsets[i]) nonEmpty.push(i);
  const bySet = radixSortPairs(Uint32Array.from(nonEmpty, (i) => c.setHashes[i]), Uint32Array.from(nonEmpty));
  const reps: number[] = [];
  for (let s = 0; s < bySet.keys.length; ) {
    let e = s + 1;
    while (e < bySet.keys.length && bySet.keys[e] === bySet.keys[s]) e++;
    const first = bySet.values[s];
    reps.push(first);
    for (let k = s + 1; k < e; k++) {
      const item = bySet.values[k];
      if (sameSet(c, first, item)) {
        sets.union(first, item);
        stats.exactDuplicates++;
      } else reps.push(item); // a 32-bit hash collision: a different set, so its own representative
    }
    s = e;
  }
  reps.sort((a, b) => a - b);

  // 2. LSH candidates among representatives, band by band, verified as they come.
  const repIdx = Uint32Array.from(reps);
  const keys = new Uint32Array(repIdx.length);
  const rules = ruleOptions(o);
  const { bands, bandHashes, shingleOffsets: so } = c;
  const t = o.threshold;
  const tryPair = (x: number, y: number): void => {
    if (sets.find(x) === sets.find(y)) return;
    stats.candidates++;
    if (o.verify) {
      // Size filter, then the exact Jaccard without allocating; rules only for what passes.
      const nx = so[x + 1] - so[x];
      const ny = so[y + 1] - so[y];
      if (Math.min(nx, ny) < t * Math.max(nx, ny)) return;
      const sim = corpusJaccard(c, x, y);
      if (sim < t || !decide(corpusView(c, x), corpusView(c, y), rules, sim).duplicate) return;
    }
    stats.verified++;
    sets.union(x, y);
  };
  for (let band = 0; band < bands; band++) {
    for (let k = 0; k < repIdx.length; k++) keys[k] = bandHashes[repIdx[k] * bands + band];
    const sorted = radixSortPairs(keys, repIdx);
    const sk = sorted.keys;
    const sv = sorted.values;
    for (let s = 0; s < sk.length; ) {
      let e = s + 1;
      while (e < sk.length && sk[e] === sk[s]) e++;
      const size = e - s;
      if (size > o.maxBucket) {
        // A bucket this large is a band that many unrelated items share (common short texts):
        // comparing all pairs would go quadratic, so compare neighbours only and report it.
        stats.giantBuckets++;
        for (let k = s + 1; k < e; k++) tryPair(sv[k - 1], sv[k]);
      } else {
        for (let x = s; x < e; x++) for (let y = x + 1; y < e; y++) tryPair(sv[x], sv[y]);
      }
      s = e;
    }
  }
  return { sets, stats };
}
