/**
 * Candidates → verify → union. Items with identical shingle sets are joined first (one
 * representative each goes on to LSH); then, band by band, items with equal band hashes are
 * candidates, and a candidate pair is an edge when its exact similarity and the headline rules
 * say duplicate. Band ranges can run on several threads over a shared corpus: each returns its
 * verified edges, and the union of all edges gives the same components whatever the split.
 * A pair already joined (on the same thread) is not checked again: that changes no component.
 */
import { jaccardSorted } from '../jaccard.js';
import { ruleOptions, type MatchMode, type ResolvedOptions } from '../options.js';
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

/** Exact Jaccard of the bodies of items i and j. */
export function bodyJaccard(c: SharedCorpus, i: number, j: number): number {
  const b = c.body!;
  return jaccardSorted(b.shingles, b.shingles, b.shingleOffsets[i], b.shingleOffsets[i + 1], b.shingleOffsets[j], b.shingleOffsets[j + 1]);
}

/** |A ∩ B| / min(|A|, |B|) of the bodies of items i and j: 1 when one body is inside the other. */
export function bodyContainment(c: SharedCorpus, i: number, j: number): number {
  const b = c.body!;
  const o = b.shingleOffsets;
  const na = o[i + 1] - o[i];
  const nb = o[j + 1] - o[j];
  if (na === 0 || nb === 0) return 0;
  const jac = jaccardSorted(b.shingles, b.shingles, o[i], o[i + 1], o[j], o[j + 1]);
  const inter = (jac * (na + nb)) / (1 + jac);
  return inter / Math.min(na, nb);
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
  /** Which signatures' bands to group: titles' or bodies'. */
  field: 'title' | 'body';
  bandFrom: number;
  bandTo: number;
  threshold: number;
  verify: boolean;
  maxBucket: number;
  rules: RuleOptions;
  match: MatchMode;
  bodyThreshold: number;
  containment: boolean;
}

/**
 * Candidates of bands [bandFrom, bandTo) among the representatives, verified; returns the edges.
 * @example linkBands({ corpus, reps, bandFrom: 0, bandTo: corpus.bands, threshold: 0.5, verify: true, maxBucket: 2000, rules })
 */
export function linkBands(task: LinkTask): BandLinks {
  const { corpus: c, reps, threshold: t, rules } = task;
  const { shingleOffsets: so } = c;
  const bands = task.field === 'title' ? c.bands : c.body!.bands;
  const bandChunks = task.field === 'title' ? c.bandChunks : c.body!.bandChunks;
  const titleDuplicate = (x: number, y: number): boolean => {
    // Size filter, then the exact Jaccard without allocating; rules only for what passes.
    const nx = so[x + 1] - so[x];
    const ny = so[y + 1] - so[y];
    if (Math.min(nx, ny) < t * Math.max(nx, ny)) return false;
    const sim = corpusJaccard(c, x, y);
    return sim >= t && decide(corpusView(c, x), corpusView(c, y), rules, sim).duplicate;
  };
  const bodyDuplicate = (x: number, y: number): boolean =>
    bodyJaccard(c, x, y) >= task.bodyThreshold || (task.containment && bodyContainment(c, x, y) >= task.bodyThreshold);
  const duplicate: (x: number, y: number) => boolean =
    task.match === 'title'
      ? titleDuplicate
      : task.match === 'body'
        ? bodyDuplicate
        : task.match === 'either'
          ? (x, y) => titleDuplicate(x, y) || bodyDuplicate(x, y)
          : (x, y) => titleDuplicate(x, y) && bodyDuplicate(x, y);
  const useCounter = task.field === 'title' && task.match !== 'body';
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
    if (task.verify && !duplicate(x, y)) return;
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
      } else if (size > SMALL_BUCKET && size <= COUNTED_BUCKET && task.verify && useCounter) {
        counter.pairs(c, sv.subarray(s, e), t, tryPair);
      } else {
        for (let x = s; x < e; x++) for (let y = x + 1; y < e; y++) tryPair(sv[x], sv[y]);
      }
      s = e;
    }
  }
  return { edges: edges.slice(0, nEdges), candidates, giantBuckets };
}

/** The items a match mode can link: with a title, a body, either, or both. */
function itemsWithText(c: Corpus, match: MatchMode): Uint32Array {
  const out: number[] = [];
  const so = c.shingleOffsets;
  const bo = c.body!.shingleOffsets;
  for (let i = 0; i < c.size; i++) {
    const title = so[i + 1] > so[i];
    const body = bo[i + 1] > bo[i];
    if (match === 'body' ? body : match === 'both' ? title && body : title || body) out.push(i);
  }
  return Uint32Array.from(out);
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
  // Identical titles are interchangeable only when titles alone decide.
  const { reps, exactDuplicates } =
    o.match === 'title' ? joinExactDuplicates(c, sets, o.verify && o.rules['date-gap']) : { reps: itemsWithText(c, o.match), exactDuplicates: 0 };
  const tasks: LinkTask[] = [];
  const { ids: _ids, ...corpus } = c;
  // Both titles and bodies are banded only when either may decide; 'both' needs the titles' only.
  const fields: ('title' | 'body')[] = o.match === 'body' ? ['body'] : o.match === 'either' ? ['title', 'body'] : ['title'];
  for (const field of fields) {
    const nb = field === 'title' ? c.bands : c.body!.bands;
    const per = Math.ceil(nb / ranges);
    for (let from = 0; from < nb; from += per) {
      tasks.push({
        corpus,
        reps,
        field,
        bandFrom: from,
        bandTo: Math.min(nb, from + per),
        threshold: o.threshold,
        verify: o.verify,
        maxBucket: o.maxBucket,
        rules: ruleOptions(o),
        match: o.match,
        bodyThreshold: o.bodyThreshold,
        containment: o.containment,
      });
    }
  }
  const stats: LinkStats = { exactDuplicates, candidates: 0, verified: 0, giantBuckets: 0 };
  for (const r of await runner(tasks)) {
    stats.candidates += r.candidates;
    stats.giantBuckets += r.giantBuckets;
    for (let k = 0; k < r.edges.length; k += 2) if (sets.union(r.edges[k], r.edges[k + 1])) stats.verified++;
  }
  return { sets, stats };
}
