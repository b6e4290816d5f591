/**
 * The band loop: one link task's bands over the representatives, bucket by bucket, each candidate
 * pair prefiltered (date gap, size, exact Jaccard, frame), decided by the match mode's rules, and
 * remembered in the shared caches, the accepted ones returned as edges with their date limits.
 * A bucket's pairs are tried one by one, through the overlap counter, along a chain (giant
 * buckets), or, for pairs of two template headlines, through the template join. It runs on the
 * calling thread or in a worker (workers/link.worker.ts), on plain data.
 */
import { sortAscending } from '../sketch/sort-ascending.js';
import type { MatchMode } from '../options/options.js';
import { sketchStats, type DfSketch } from '../verify/corpus-stats.js';
import {
  decide,
  DECISION_RULES,
  lowestDuplicateSimilarity,
  type GapLimit,
  type RuleOptions,
} from '../verify/decide.js';
import type { ItemView } from '../verify/item-view.js';
import { GrowableU32 } from '../prepare/growable.js';
import { BAND_KEY_BITS, gatherBand, type SharedCorpus } from '../prepare/corpus.js';
import { TokenReader } from '../prepare/token-column.js';
import { DAY_MS } from '../read/dates.js';
import { corpusBodyDecision, corpusJaccard, corpusView } from './corpus-view.js';
import { decidedLimit, LIMIT_NONE, limitMs, windowLimit } from './date-limit.js';
import type { DateSpans } from './exact-join.js';
import type { BandPositions } from './date-order.js';
import { COUNTED_BUCKET, OverlapCounter, SMALL_BUCKET } from './overlap-counter.js';
import { PairCache, PairSet } from './pair-cache.js';
import { FRAME_ITEMS, fillsDiffer, sharesOnlyFrame } from './frame-pairs.js';
import { RadixScratch, radixSortScratch } from './radix-sort.js';
import { RepeatedKeys } from './repeated-keys.js';
import { TemplateJoin } from './template-join.js';
import type { TemplateItems } from './template-items.js';

/** Probabilities of possible duplicates are kept as whole millionths in edge words. */
export const PROBABILITY_SCALE = 1_000_000;

/** What one link task did. */
export interface BandLinks {
  candidates: number;
  /**
   * The verified pairs of representatives this task found, three words each: the smaller item,
   * the larger, and their date limit. A pair may also be in another task's edges.
   */
  edges: Uint32Array;
  /**
   * Pairs the learned decision turned down with a probability that reaches the possible-duplicate
   * cut-off, three words each: the smaller item, the larger, and the probability × 10⁶.
   */
  possible: Uint32Array;
  /**
   * With `decision.record`: every title pair `decide` accepted or found a possible duplicate, six
   * numbers each (see DECIDED_WORDS): the two items, similarity, probability (NaN under the
   * rules), the rule's index in DECISION_RULES, and 1 for a duplicate (0 for a possible one).
   */
  decided?: Float64Array;
  giantBuckets: number;
}

/** Numbers per record of `BandLinks.decided`. */
export const DECIDED_WORDS = 6;

/** The caches of decided pairs, remembered by every task (PairCache tables, shared across threads). */
export interface SharedPairs {
  /** The pairs accepted as edges. */
  accepted: Int32Array;
  /** The pairs the rules turned down. */
  turnedDown: Int32Array;
}

/** Which bands a task links, and how it treats their buckets. */
export interface BandRange {
  /** Which signatures' bands to group: titles' or bodies'. */
  field: 'title' | 'body';
  /**
   * The first bands find most of the pairs that verify, and every thread that met a pair before
   * any thread had decided it would decide it: so bands [0, sharedBands) are linked by all tasks
   * at once, each taking the buckets whose key modulo `shares` is its `share`, before each goes
   * on to its own bands [bandFrom, bandTo).
   */
  sharedBands: number;
  share: number;
  shares: number;
  bandFrom: number;
  bandTo: number;
  /** Buckets over this many items are compared only along a chain (see linkBands). */
  maxBucket: number;
}

/** How a candidate pair is decided. */
export interface PairDecision {
  /** Off: every candidate pair is an edge. */
  verify: boolean;
  threshold: number;
  rules: RuleOptions;
  /** The corpus's document-frequency counts, when the learned decision weighs shared text by them. */
  df?: DfSketch;
  match: MatchMode;
  bodyThreshold: number;
  containment: boolean;
  /** Keep every title pair decided a duplicate or a possible one (`BandLinks.decided`). */
  record?: boolean;
  /**
   * With corpus counts (`df`): a pair whose shared shingles are each in more than this many
   * items is no candidate (see frame-pairs.ts). Infinity turns it off. @default FRAME_ITEMS
   */
  frameItems?: number;
  /**
   * Find the pairs of template headlines in a bucket through their own shingles
   * (template-join.ts); off, every pair of a bucket is tried and `fillsDiffer` leaves them out one
   * by one (tests compare the two). @default true
   */
  templateJoin?: boolean;
}

/**
 * Bands done, one slot per task (shared across threads when the corpus is): the task stores its
 * count in `counts[slot]` after each band, for the caller to poll on a timer — a store per band,
 * never per pair, so it costs nothing in the band loop.
 */
export interface BandProgress {
  counts: Int32Array;
  slot: number;
}

/** Everything a thread needs to link its bands: plain data (typed arrays may be shared). */
export interface LinkTask {
  corpus: SharedCorpus;
  pairs: SharedPairs;
  reps: Uint32Array;
  /**
   * The positions buckets are scanned by (see date-order.ts): the representatives by date span
   * start, with each one's reach, when the date-gap veto decides every pair (buckets are then
   * scanned in date order and stop at the first item out of reach); else in their own order.
   */
  positions: BandPositions;
  /** Date spans of representatives (see joinExactDuplicates); items' own dates elsewhere. */
  spans: DateSpans;
  /**
   * The template headlines among the representatives (see template-items.ts), read once for all
   * tasks, when the learned decision bounds frames (`decision.df` and a finite `frameItems`), with
   * the scan positions that hold them (templatePositions).
   */
  templates?: TemplateItems & { at: Uint32Array };
  bands: BandRange;
  decision: PairDecision;
  progress?: BandProgress;
}

/** Hears of every pair handed to `decide`, with its similarity (benches). */
export type OnDecide = (x: number, y: number, similarity: number) => void;

/**
 * Candidates of the task's bands among the representatives, verified, as edges.
 * @example linkBands({ corpus, pairs: { accepted: new PairCache(1024).table, turnedDown: new PairCache(1024).table }, reps, positions: bandPositions(reps, undefined), spans, bands: { field: 'title', sharedBands: 0, share: 0, shares: 1, bandFrom: 0, bandTo: corpus.bands, maxBucket: 2000 }, decision: { verify: true, threshold: 0.5, rules, match: 'title', bodyThreshold: 0.8, containment: false } }).edges
 */
export function linkBands(task: LinkTask, onBand?: () => void, onDecide?: OnDecide): BandLinks {
  const { corpus: c, reps } = task;
  const { field, sharedBands, share, shares, bandFrom, bandTo, maxBucket } = task.bands;
  const { verify, threshold, rules, df, match, bodyThreshold, containment, record } = task.decision;
  const frameItems = task.decision.frameItems ?? FRAME_ITEMS;
  const decided: number[] | undefined = record ? [] : undefined;
  // The prefilters let through every pair that could be a duplicate: with the edits rule on,
  // pairs from EDIT_FACTOR × threshold (see verify/decide.ts).
  const t = verify ? lowestDuplicateSimilarity(rules) : threshold;
  const { shingleOffsets: so } = c;
  const bands = field === 'title' ? c.bands : c.body!.bands;
  const bandChunks = field === 'title' ? c.bandChunks : c.body!.bandChunks;
  const windowMs = rules.dateWindowDays * DAY_MS;
  const turnedDown = new PairCache(task.pairs.turnedDown);
  const stats = df && sketchStats(df, rules.corpusStats !== 'uniform');
  const frameCounts = frameItems < Number.POSITIVE_INFINITY ? df?.shingles : undefined;
  // Headlines that are mostly a frame, judged by what fills it (see template-items.ts).
  const templates = frameCounts && verify ? task.templates : undefined;
  const slotOf = templates?.slot;
  const ownSize = (i: number) => templates!.records[slotOf![i]];
  const accepted = new PairCache(task.pairs.accepted);
  let overflow: PairSet | undefined;
  const edges = new GrowableU32(3 * 1024);
  const possible = new GrowableU32(3 * 64);
  // Member pairs of two groups need a date check in clustering only for titles decided with the
  // date-gap veto; other edges join single items, already decided with their own dates.
  const flagDays = verify && match === 'title' ? rules.dateWindowDays : 0;
  // The learned decision's own limit inside the window, for pairs whose groups span several
  // dates or none (a pair of point dates is decided at its one gap).
  const gapLimit: GapLimit | undefined =
    flagDays > 0 && rules.decision === 'model' ? { maxMs: 0, ms: 0 } : undefined;
  const spread = (i: number) => !(dMin[i] === dMax[i]);
  // In a scan order every pair is tried in reach (the loops below stop at a member's reach), and
  // there the veto cannot fire: with x before y, start(y) ≥ start(x) and start(y) ≤ end(x) +
  // window (see date-order.ts). Its four random reads per candidate are left out.
  const vetoByDate = windowMs > 0 && task.positions.last === undefined;
  const titleDuplicate = (x: number, y: number): boolean => {
    // The date-gap veto first (copies of a recurring headline meet in every band), then the size
    // filter, then the exact Jaccard without allocating; the other rules only for what passes.
    if (vetoByDate && Math.max(dMin[x] - dMax[y], dMin[y] - dMax[x]) > windowMs) return false;
    const nx = so[x + 1] - so[x];
    const ny = so[y + 1] - so[y];
    if (Math.min(nx, ny) < t * Math.max(nx, ny)) return false;
    const sim = corpusJaccard(c, x, y);
    if (sim < t) return false;
    // A pair that shares only a frame thousands of headlines have is no candidate, nor are two
    // template headlines whose fills differ (frame-pairs.ts).
    if (
      frameCounts &&
      (slotOf && slotOf[x] >= 0 && slotOf[y] >= 0
        ? fillsDiffer(c, x, y, frameCounts, frameItems, ownSize(x), ownSize(y), t)
        : sharesOnlyFrame(c, x, y, frameCounts, frameItems))
    )
      return false;
    // A pair that the rules turned down meets again in every other band it shares (template
    // headlines share many): remember it, for every thread, rather than align it again.
    if (turnedDown.has(x, y) || overflow?.has(x, y)) return false;
    onDecide?.(x, y, sim);
    const a = view(x, 0);
    const b = view(y, 1);
    const limit = gapLimit && (spread(x) || spread(y)) ? gapLimit : undefined;
    // The pair's window, read once its words are unpacked: for the gap limit, else on acceptance.
    let window = limit ? windowLimit(a, b, flagDays) : -1;
    if (limit) {
      limit.maxMs = limitMs(window, flagDays);
      limit.ms = limit.maxMs;
    }
    const d = decide(a, b, rules, sim, stats, limit);
    if (decided && (d.duplicate || d.possible === true))
      decided.push(
        x < y ? x : y,
        x < y ? y : x,
        d.similarity,
        d.probability ?? Number.NaN,
        DECISION_RULES.indexOf(d.rule),
        d.duplicate ? 1 : 0,
      );
    if (d.duplicate) {
      if (window < 0) window = flagDays > 0 ? windowLimit(a, b, flagDays) : LIMIT_NONE;
      lastLimit = limit ? decidedLimit(window, limit) : window;
      return true;
    }
    if (d.possible === true) {
      // Decided once for every thread (turned down below): whichever decides it records it.
      possible.reserve(3);
      const p = possible.data;
      p[possible.length] = x < y ? x : y;
      p[possible.length + 1] = x < y ? y : x;
      p[possible.length + 2] = Math.round(d.probability! * PROBABILITY_SCALE);
      possible.length += 3;
    }
    // Where the shared cache is full, this task remembers the pair itself.
    if (!turnedDown.add(x, y)) (overflow ??= new PairSet()).add(x, y);
    return false;
  };
  const bodyDuplicate = (x: number, y: number): boolean =>
    corpusBodyDecision(c, x, y, bodyThreshold, containment).duplicate;
  const duplicate: (x: number, y: number) => boolean =
    match === 'title'
      ? titleDuplicate
      : match === 'body'
        ? bodyDuplicate
        : match === 'either'
          ? (x, y) => titleDuplicate(x, y) || bodyDuplicate(x, y)
          : (x, y) => titleDuplicate(x, y) && bodyDuplicate(x, y);
  const useCounter = field === 'title' && match !== 'body';
  const { min: dMin, max: dMax } = task.spans;
  // One token buffer per side of a pair.
  const readers = [new TokenReader(), new TokenReader()];
  const view = (i: number, side: 0 | 1): ItemView => {
    const v = corpusView(c, i, readers[side]);
    v.date = dMin[i];
    v.dateMax = dMax[i];
    return v;
  };
  const counter = new OverlapCounter();
  // Buckets are sorted by position (date order when there is one, else input order), so a bucket
  // member pairs only with the run after it up to its reach (see date-order.ts): comparing
  // positions, not dates, keeps the scan in the bucket's own memory.
  const { itemReach, posOf, last } = task.positions;
  const n = reps.length;
  // Only the entries whose band key repeats are sorted (see repeated-keys.ts), each with its
  // position in the scan order (posOf). A band's keys are gathered into the sort's second buffer:
  // `collect` reads them all before the sort writes there.
  const repeated = new RepeatedKeys(BAND_KEY_BITS);
  const scratch = new RadixScratch(n);
  const keys = scratch.k2;
  const members = new Uint32Array(COUNTED_BUCKET);
  // Pairs of two template headlines that fillsDiffer leaves out are not enumerated at all, where
  // the title decides whether a pair is a duplicate (not with 'either', where bodies may).
  const join =
    templates &&
    task.decision.templateJoin !== false &&
    field === 'title' &&
    (match === 'title' || match === 'both')
      ? new TemplateJoin(templates.records)
      : undefined;
  // Which positions hold template headlines, a bit each (see templatePositions).
  const templateAt = join ? templates?.at : undefined;
  const isTemplateAt = (p: number): number => (templateAt![p >>> 5] >>> (p & 31)) & 1;
  // A bucket's template headlines (their records and positions), and its other members' indexes
  // in `sp`.
  let joinRecords = new Uint32Array(0);
  let joinPositions = new Uint32Array(0);
  let plainAt = new Uint32Array(0);
  // Template headlines among positions sp[s .. e).
  const templatesIn = (sp: Uint32Array, s: number, e: number): number => {
    let nt = 0;
    for (let k = s; k < e; k++) nt += isTemplateAt(sp[k]);
    return nt;
  };
  // The date limit of the pair titleDuplicate last accepted (while its views are unpacked): with
  // flagDays > 0 every accepted pair went through it.
  let lastLimit = LIMIT_NONE;
  let candidates = 0;
  let giantBuckets = 0;
  const tryPair = (x: number, y: number): void => {
    if (accepted.has(x, y)) return;
    candidates++;
    if (verify && !duplicate(x, y)) return;
    accepted.add(x, y);
    edges.reserve(3);
    const e = edges.data;
    e[edges.length] = x < y ? x : y;
    e[edges.length + 1] = x < y ? y : x;
    e[edges.length + 2] = flagDays === 0 ? LIMIT_NONE : lastLimit;
    edges.length += 3;
  };
  // Every pair in reach of the positions sp[s .. e), in a function of its own so that the JIT
  // optimises this hot loop apart from the rarely taken paths of the band loop.
  const pairwise = (sp: Uint32Array, s: number, e: number): void => {
    for (let x = s; x < e - 1; x++) {
      const at = sp[x] * 2;
      const a = itemReach[at];
      const end = itemReach[at + 1];
      for (let y = x + 1; y < e && sp[y] <= end; y++) tryPair(a, itemReach[sp[y] * 2]);
    }
  };
  // The pairs of sp[s .. e) that have a member other than a template headline: each plain
  // member with every later member in reach, each template headline with the later plain ones.
  const plainPairs = (sp: Uint32Array, s: number, e: number, np: number): void => {
    for (let x = s, q = 0; x < e - 1; x++) {
      while (q < np && plainAt[q] <= x) q++;
      const at = sp[x] * 2;
      const a = itemReach[at];
      const end = itemReach[at + 1];
      if (isTemplateAt(sp[x]) === 0) {
        for (let y = x + 1; y < e && sp[y] <= end; y++) tryPair(a, itemReach[sp[y] * 2]);
      } else {
        for (let r = q; r < np && sp[plainAt[r]] <= end; r++) tryPair(a, itemReach[sp[plainAt[r]] * 2]);
      }
    }
  };
  // The counter's pairs but those of two template headlines (the join's).
  const notBothTemplates = (x: number, y: number): void => {
    if (slotOf![x] < 0 || slotOf![y] < 0) tryPair(x, y);
  };
  // A pair the join found, as members of joinPositions: tried when in reach.
  const joined = (j: number, k: number): void => {
    const pj = joinPositions[j];
    const pk = joinPositions[k];
    if ((pj < pk ? pk : pj) <= itemReach[2 * (pj < pk ? pj : pk) + 1])
      tryPair(itemReach[2 * pj], itemReach[2 * pk]);
  };
  // A bucket with two template headlines or more: the pairs with a plain member as any bucket's,
  // those of two template headlines through the join.
  const splitTemplates = (sp: Uint32Array, s: number, e: number): void => {
    const size = e - s;
    if (joinRecords.length < size) {
      joinRecords = new Uint32Array(Math.max(size, 2 * joinRecords.length));
      joinPositions = new Uint32Array(joinRecords.length);
      plainAt = new Uint32Array(joinRecords.length);
    }
    let nt = 0;
    let np = 0;
    for (let k = s; k < e; k++) {
      if (isTemplateAt(sp[k]) === 1) {
        joinRecords[nt] = slotOf![itemReach[sp[k] * 2]];
        joinPositions[nt++] = sp[k];
      } else plainAt[np++] = k;
    }
    if (np > SMALL_BUCKET && size <= COUNTED_BUCKET && useCounter) {
      for (let k = 0; k < size; k++) members[k] = itemReach[sp[s + k] * 2];
      counter.pairs(
        c,
        members.subarray(0, size),
        t,
        notBothTemplates,
        last ? { positions: sp.subarray(s, e), last } : undefined,
      );
    } else if (np > 0) plainPairs(sp, s, e, np);
    join!.pairs(joinRecords, nt, joined);
  };
  const maxPairs = (maxBucket * (maxBucket - 1)) / 2;
  // The pairs in reach among positions sp[s .. e), counted up to just past `limit`.
  const pairsInReach = (sp: Uint32Array, s: number, e: number, limit: number): number => {
    let pairs = 0;
    for (let x = s; x < e - 1 && pairs <= limit; x++) {
      const end = itemReach[sp[x] * 2 + 1];
      for (let y = x + 1; y < e && sp[y] <= end && pairs <= limit; y++) pairs++;
    }
    return pairs;
  };
  for (let step = 0, bandCount = sharedBands + bandTo - bandFrom; step < bandCount; step++) {
    const band = step < sharedBands ? step : bandFrom + step - sharedBands;
    const mine = step < sharedBands && shares > 1 ? share : -1;
    gatherBand(bandChunks, bands, reps, band, keys);
    const m = repeated.collect(keys, n, posOf, scratch.k1, scratch.v1);
    // A stable sort: a bucket's entries keep the order of the representatives, which is the scan
    // order itself unless there is a date order (then put right bucket by bucket below).
    const { keys: sk, values: sp } = radixSortScratch(m, scratch, BAND_KEY_BITS);
    for (let s = 0; s < m; ) {
      let e = s + 1;
      while (e < m && sk[e] === sk[s]) e++;
      if (mine !== -1 && sk[s] % shares !== mine) {
        s = e; // another task's bucket of a shared band
        continue;
      }
      if (posOf) sortAscending(sp, s, e);
      const size = e - s;
      if (size > maxBucket && !(last && pairsInReach(sp, s, e, maxPairs) <= maxPairs)) {
        // A bucket this large is a band that many unrelated items share (common short texts):
        // comparing all pairs would go quadratic, so compare neighbours only and report it.
        // In date order only the pairs in reach are compared, and a large bucket spread over
        // years (a celebrity's name) may have as few of those as a small one: it is giant only
        // when it has more pairs in reach than a bucket of maxBucket items has pairs.
        giantBuckets++;
        // (A neighbour out of reach is vetoed by date: it is not tried.)
        for (let k = s + 1; k < e; k++)
          if (sp[k] <= itemReach[sp[k - 1] * 2 + 1]) tryPair(itemReach[sp[k - 1] * 2], itemReach[sp[k] * 2]);
      } else if (templateAt && size > 2 && templatesIn(sp, s, e) >= 2) {
        // (A bucket of two has one pair: trying it costs less than looking for template headlines.)
        splitTemplates(sp, s, e);
      } else if (size > SMALL_BUCKET && size <= COUNTED_BUCKET && verify && useCounter) {
        for (let k = 0; k < size; k++) members[k] = itemReach[sp[s + k] * 2];
        const bucket = sp.subarray(s, e);
        counter.pairs(
          c,
          members.subarray(0, size),
          t,
          tryPair,
          last ? { positions: bucket, last } : undefined,
        );
      } else {
        pairwise(sp, s, e);
      }
      s = e;
    }
    if (task.progress) Atomics.store(task.progress.counts, task.progress.slot, step + 1);
    onBand?.();
  }
  return {
    candidates,
    edges: edges.trimmed(),
    possible: possible.trimmed(),
    ...(decided && { decided: Float64Array.from(decided) }),
    giantBuckets,
  };
}
