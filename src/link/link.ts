/**
 * Candidates → verify → edges. Items with identical shingle sets are grouped first (one
 * representative each goes on to LSH); then, band by band, representatives with equal band
 * hashes are candidates, and a candidate pair becomes an edge when its exact similarity and the
 * headline rules say duplicate. Bands can run on several threads over a shared corpus; each
 * thread returns its edges, and two shared caches remember the pairs already accepted or turned
 * down, so a pair that meets again in another band, on any thread, is not decided again. The
 * edges are the same whatever the split and the timing: a cache only saves deciding a pair twice
 * (see pair-cache.ts), and the edge list is sorted and made unique at the end.
 *
 * Terms used below:
 * - representative (rep): the item that stands for a group of items with identical shingle sets
 *   (and, with the date-gap rule, dates within one window chain of each other);
 * - span: a representative's [first, last] date over its group;
 * - reach: in date order, the last position a representative can pair with (see date-order.ts);
 * - date limit: how far apart in time the members of an edge's two groups (or of one group) may
 *   be and still be duplicates (see DateLimit), so clustering can check each member pair's dates.
 */
import { jaccardSorted } from '../sketch/jaccard.js';
import { sortAscending } from '../sketch/sort-ascending.js';
import { ruleOptions, type MatchMode, type ResolvedOptions } from '../options/options.js';
import { bodyDecision, type BodyDecision } from '../verify/body-decision.js';
import { DAILY_WINDOW_DAYS, pairWindowDays } from '../verify/daily-report.js';
import { sketchStats, tableApplies, type DfSketch } from '../verify/corpus-stats.js';
import { countDocumentFrequencies, newSketch, type CountTask } from './corpus-df.js';
import { GrowableU32 } from '../prepare/growable.js';
import { decide, lowestDuplicateSimilarity, type GapLimit, type RuleOptions } from '../verify/decide.js';
import { requireModel } from '../verify/model-decision.js';
import type { ItemView } from '../verify/item-view.js';
import { BAND_KEY_BITS, gatherBand, type Corpus, type SharedCorpus } from '../prepare/corpus.js';
import { DAY_MS } from '../read/dates.js';
import { dateScanOrder, type ScanOrder } from './date-order.js';
import { COUNTED_BUCKET, OverlapCounter, SMALL_BUCKET } from './overlap-counter.js';
import { PairCache } from './pair-cache.js';
import { RadixScratch, radixSortPairs, radixSortPositions, radixSortScratch } from './radix-sort.js';
import { RepeatedKeys } from './repeated-keys.js';
import { TokenReader } from '../prepare/token-column.js';

export interface LinkStats {
  /** Items whose shingle set equals an earlier item's. */
  exactDuplicates: number;
  /**
   * Candidate pairs decided (pairs found in the caches of decided pairs are not counted). With
   * more than one thread this depends on which thread decided a pair first, so it varies a little
   * from run to run; the edges never do.
   */
  candidates: number;
  /** Verified pairs of representatives: the edges (with verify off, the candidate pairs). */
  verified: number;
  /** Buckets over `maxBucket` items, compared only along a chain. */
  giantBuckets: number;
}

/** Item i of a corpus as the rules see it, its tokens unpacked into `reader`'s buffer. */
export function corpusView(c: SharedCorpus, i: number, reader: TokenReader): ItemView {
  const count = reader.read(c.tokens, c.tokenOffsets[i], c.tokenOffsets[i + 1]);
  return {
    shingles: c.shingles,
    sFrom: c.shingleOffsets[i],
    sTo: c.shingleOffsets[i + 1],
    tokens: reader.tokens,
    tFrom: 0,
    tTo: count,
    date: c.dates[i],
    item: i,
  };
}

/** The body decision for items i and j of a corpus. */
export function corpusBodyDecision(
  c: SharedCorpus,
  i: number,
  j: number,
  threshold: number,
  containment: boolean,
): BodyDecision {
  const b = c.body!;
  const o = b.shingleOffsets;
  return bodyDecision(b.shingles, o[i], o[i + 1], b.shingles, o[j], o[j + 1], threshold, containment);
}

/** Exact Jaccard of the bodies of items i and j. */
export function bodyJaccard(c: SharedCorpus, i: number, j: number): number {
  return corpusBodyDecision(c, i, j, 1, false).similarity;
}

/** |A ∩ B| / min(|A|, |B|) of the bodies of items i and j: 1 when one body is inside the other. */
export function bodyContainment(c: SharedCorpus, i: number, j: number): number {
  return corpusBodyDecision(c, i, j, 1, false).containment;
}

/** Exact Jaccard of items i and j of a corpus. */
export function corpusJaccard(c: SharedCorpus, i: number, j: number): number {
  return jaccardSorted(
    c.shingles,
    c.shingles,
    c.shingleOffsets[i],
    c.shingleOffsets[i + 1],
    c.shingleOffsets[j],
    c.shingleOffsets[j + 1],
  );
}

function sameSet(c: Corpus, i: number, j: number): boolean {
  const ai = c.shingleOffsets[i];
  const aj = c.shingleOffsets[j];
  const n = c.shingleOffsets[i + 1] - ai;
  if (n !== c.shingleOffsets[j + 1] - aj) return false;
  for (let k = 0; k < n; k++) if (c.shingles[ai + k] !== c.shingles[aj + k]) return false;
  return true;
}

/** Whether items i and j have the same tokens (their packed token runs are equal). */
function sameTokens(c: Corpus, i: number, j: number): boolean {
  const o = c.tokenOffsets;
  const n = o[i + 1] - o[i];
  if (n !== o[j + 1] - o[j]) return false;
  for (let k = 0; k < n; k++) if (c.tokens[o[i] + k] !== c.tokens[o[j] + k]) return false;
  return true;
}

/** Items with one shingle set split into runs of the same tokens (almost always one run). */
function sameTokenParts(c: Corpus, same: number[]): number[][] {
  const parts: number[][] = [];
  for (const m of same) {
    const part = parts.find((p) => sameTokens(c, p[0], m));
    if (part) part.push(m);
    else parts.push([m]);
  }
  return parts;
}

/** Date spans of the items that go on to LSH: [min, max] epoch ms (NaN: no date, never vetoed). */
export interface DateSpans {
  min: Float64Array;
  max: Float64Array;
}

/**
 * The largest date gap at which members of two groups (or of one) are still duplicates, as one
 * word: none (0: no date-gap veto, or not a title decision), the rule's window (1), a daily
 * report's one day (2; see daily-report.ts), never (3), or from LIMIT_MS on a gap of
 * (code − LIMIT_MS) ms inside the window, where the learned decision weighs the gap as evidence
 * and stops accepting a pair before the window does (see GapLimit in decide.ts).
 */
export type DateLimit = number;
export const LIMIT_NONE = 0;
export const LIMIT_WINDOW = 1;
export const LIMIT_DAILY = 2;
export const LIMIT_NEVER = 3;
export const LIMIT_MS = 4;
/** The widest window whose gaps a limit code can hold in whole ms. */
export const MAX_LIMIT_MS = 0xffffffff - LIMIT_MS;

/** The largest gap in ms a date limit allows, under the rule's window of `windowDays`. */
export function limitMs(code: DateLimit, windowDays: number): number {
  return code === LIMIT_NONE
    ? Infinity
    : code === LIMIT_WINDOW
      ? windowDays * DAY_MS
      : code === LIMIT_DAILY
        ? Math.min(windowDays, DAILY_WINDOW_DAYS) * DAY_MS
        : code === LIMIT_NEVER
          ? -Infinity
          : code - LIMIT_MS;
}

/**
 * Whether two members `gap` ms apart are within a limit: an undated member (NaN) is never
 * vetoed by date (as in `decide`), but nothing is within LIMIT_NEVER.
 */
export function withinLimit(gap: number, code: DateLimit, windowDays: number): boolean {
  return code === LIMIT_NONE || (code !== LIMIT_NEVER && !(gap > limitMs(code, windowDays)));
}

/** The window's limit for a pair: the rule's, or one day for two daily reports. */
function windowLimit(a: ItemView, b: ItemView, windowDays: number): DateLimit {
  if (windowDays === 0) return LIMIT_NONE;
  return pairWindowDays(a, b, windowDays) === windowDays ? LIMIT_WINDOW : LIMIT_DAILY;
}

/**
 * The date limit of a pair that `decide` accepted with a gap limit (see GapLimit): the window's
 * code when the decision holds across it, else the gap in ms.
 */
function decidedLimit(a: ItemView, b: ItemView, windowDays: number, limit: GapLimit): DateLimit {
  return limit.ms >= limit.maxMs ? windowLimit(a, b, windowDays) : LIMIT_MS + limit.ms;
}

/** The window in ms of a pair (see windowLimit), as a GapLimit's maxMs. */
function windowMsOf(a: ItemView, b: ItemView, windowDays: number): number {
  return limitMs(windowLimit(a, b, windowDays), windowDays);
}

/** Identical shingle sets grouped under one representative each (see joinExactDuplicates). */
export interface ExactGroups {
  /** The representatives, in input order: only those go on to LSH. */
  reps: Uint32Array;
  /** Each item's representative (its own index for a representative or an empty item). */
  repOf: Int32Array;
  /** Each representative's date limit for pairs of its own members. */
  selfFlags: Uint32Array;
  /** Items that are not their group's representative. */
  exactDuplicates: number;
  spans: DateSpans;
}

/**
 * Groups items with identical shingle sets (grouped by set hash, confirmed by comparing arrays)
 * under one representative per group, the group's first item: only representatives go on to LSH.
 * With the date-gap rule on (`windowDays` > 0), a group splits where two consecutive dates are
 * further apart than the window (no member before the split can be a duplicate of one after
 * it), each part gets a representative, and the representative carries its part's date span, so
 * that another item is vetoed by date only when it is outside the window of every copy — exactly
 * what comparing it with each copy would give. Which copies of a part are duplicates of each
 * other is then decided member by member in clustering, with the part's date limit.
 * A copy without a date cannot be vetoed by date, so its group is not split.
 *
 * With `pointDates` (the learned decision, when it cannot give a date limit: see joinTitles),
 * copies are grouped only with copies of the same date (or all undated), so that a
 * representative's decisions hold for every member as they are.
 */
export function joinExactDuplicates(c: Corpus, windowDays = 0, pointDates = false): ExactGroups {
  const share = c.dates.buffer instanceof SharedArrayBuffer;
  const span = () => (share ? new Float64Array(new SharedArrayBuffer(c.size * 8)) : new Float64Array(c.size));
  const spans = { min: span(), max: span() };
  spans.min.set(c.dates);
  spans.max.set(c.dates);
  const repOf = new Int32Array(c.size);
  for (let i = 0; i < c.size; i++) repOf[i] = i;
  const selfFlags = new Uint32Array(c.size);
  let nonEmpty = 0;
  for (let i = 0; i < c.size; i++) if (c.shingleOffsets[i + 1] > c.shingleOffsets[i]) nonEmpty++;
  const items = new Uint32Array(nonEmpty);
  const setKeys = new Uint32Array(nonEmpty);
  for (let i = 0, k = 0; i < c.size; i++) {
    if (c.shingleOffsets[i + 1] > c.shingleOffsets[i]) {
      items[k] = i;
      setKeys[k++] = c.setHashes[i];
    }
  }
  const bySet = radixSortPairs(setKeys, items);
  // Representatives are marked, then collected in input order (no sort).
  const isRep = new Uint8Array(c.size);
  let repCount = 0;
  const reader = new TokenReader();
  let exactDuplicates = 0;
  const join = (members: number[], flag: DateLimit) => {
    let rep = members[0];
    for (const m of members) if (m < rep) rep = m;
    for (const m of members)
      if (m !== rep) {
        repOf[m] = rep;
        exactDuplicates++;
      }
    isRep[rep] = 1;
    selfFlags[rep] = flag;
    repCount++;
    return rep;
  };
  // Joins copies with the same tokens, split where consecutive dates are a window apart.
  // The date limit of a group's own pairs (its copies share their words).
  const selfFlag = (item: number): DateLimit => {
    const v = corpusView(c, item, reader);
    return windowLimit(v, v, windowDays);
  };
  const joinAlongTime = (same: number[]): void => {
    if (pointDates && same.length > 1) {
      const flag = windowDays === 0 ? 0 : selfFlag(same[0]);
      const key = (m: number) => (Number.isNaN(c.dates[m]) ? -Infinity : c.dates[m]);
      same.sort((x, y) => key(x) - key(y) || x - y);
      for (let from = 0; from < same.length; ) {
        let to = from + 1;
        while (to < same.length && key(same[to]) === key(same[from])) to++;
        const rep = join(same.slice(from, to), flag);
        spans.min[rep] = spans.max[rep] = c.dates[same[from]];
        from = to;
      }
      return;
    }
    if (windowDays === 0 || same.length === 1) {
      join(same, 0);
      return;
    }
    const flag = selfFlag(same[0]);
    let first = Infinity;
    let last = -Infinity;
    let undated = false;
    for (const m of same) {
      const d = c.dates[m];
      if (Number.isNaN(d)) undated = true;
      else if (d < first) first = d;
      if (d > last) last = d;
    }
    if (undated) {
      const rep = join(same, flag);
      spans.min[rep] = spans.max[rep] = NaN;
      return;
    }
    // Copies share their words, so a daily report's copies split on its own one-day window.
    const windowMs = limitMs(flag, windowDays);
    if (last - first <= windowMs) {
      const rep = join(same, flag);
      spans.min[rep] = first;
      spans.max[rep] = last;
      return;
    }
    same.sort((x, y) => c.dates[x] - c.dates[y] || x - y);
    for (let from = 0; from < same.length; ) {
      let to = from + 1;
      while (to < same.length && c.dates[same[to]] - c.dates[same[to - 1]] <= windowMs) to++;
      const rep = join(same.slice(from, to), flag);
      spans.min[rep] = c.dates[same[from]];
      spans.max[rep] = c.dates[same[to - 1]];
      from = to;
    }
  };
  for (let s = 0; s < bySet.keys.length; ) {
    let e = s + 1;
    while (e < bySet.keys.length && bySet.keys[e] === bySet.keys[s]) e++;
    const head = bySet.values[s];
    if (e === s + 1) {
      isRep[head] = 1; // most sets are unique: no copies to join
      repCount++;
      s = e;
      continue;
    }
    const same: number[] = [head];
    for (let k = s + 1; k < e; k++) {
      const item = bySet.values[k];
      if (sameSet(c, head, item)) same.push(item);
      else {
        isRep[item] = 1; // a 32-bit hash collision: a different set, so its own representative
        repCount++;
      }
    }
    s = e;
    // Equal sets can come from different words (挖呀挖 and 挖呀挖呀挖 share every bigram), which
    // the rules may tell apart: only copies with the same tokens are interchangeable.
    for (const part of sameTokenParts(c, same)) joinAlongTime(part);
  }
  const ordered = new Uint32Array(repCount);
  for (let i = 0, k = 0; i < c.size; i++) if (isRep[i]) ordered[k++] = i;
  return { reps: ordered, repOf, selfFlags, exactDuplicates, spans };
}

/** What one link task did. */
export interface BandLinks {
  candidates: number;
  /**
   * The verified pairs of representatives this task found, three words each: the smaller item,
   * the larger, and their date limit. A pair may also be in another task's edges.
   */
  edges: Uint32Array;
  giantBuckets: number;
}

/** Everything a thread needs to link its bands: plain data (typed arrays may be shared). */
export interface LinkTask {
  corpus: SharedCorpus;
  /** The pairs accepted as edges, remembered by every task (a PairCache's table, shared). */
  accepted: Int32Array;
  /** The pairs the rules turned down, remembered by every task (a PairCache's table, shared). */
  turnedDown: Int32Array;
  reps: Uint32Array;
  /**
   * The representatives by date span start, with each one's reach (see date-order.ts), when the
   * date-gap veto decides every pair: buckets are then scanned in date order and stop at the
   * first item out of reach.
   */
  scan?: ScanOrder;
  /** Date spans of representatives (see joinExactDuplicates); items' own dates elsewhere. */
  spans: DateSpans;
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
  threshold: number;
  verify: boolean;
  maxBucket: number;
  rules: RuleOptions;
  /** The corpus's document-frequency counts, when the learned decision weighs shared text by them. */
  df?: DfSketch;
  match: MatchMode;
  bodyThreshold: number;
  containment: boolean;
  /**
   * Bands done, one slot per task (shared across threads when the corpus is): the task stores
   * its count in `progress[progressSlot]` after each band, for the caller to poll on a timer —
   * a store per band, never per pair, so it costs nothing in the band loop.
   */
  progress?: Int32Array;
  progressSlot?: number;
}

/**
 * Candidates of the task's bands among the representatives, verified, as edges.
 * @example linkBands({ corpus, accepted: new PairCache(1024).table, turnedDown: new PairCache(1024).table, reps, spans, field: 'title', sharedBands: 0, share: 0, shares: 1, bandFrom: 0, bandTo: corpus.bands, threshold: 0.5, verify: true, maxBucket: 2000, rules, match: 'title', bodyThreshold: 0.8, containment: false }).edges
 */
export function linkBands(task: LinkTask, onBand?: () => void, onDecide?: LinkRun['onDecide']): BandLinks {
  const { corpus: c, reps, rules } = task;
  // The prefilters let through every pair that could be a duplicate: with the edits rule on,
  // pairs from EDIT_FACTOR × threshold (see verify/decide.ts).
  const t = task.verify ? lowestDuplicateSimilarity(rules) : task.threshold;
  const { shingleOffsets: so } = c;
  const bands = task.field === 'title' ? c.bands : c.body!.bands;
  const bandChunks = task.field === 'title' ? c.bandChunks : c.body!.bandChunks;
  const windowMs = rules.dateWindowDays * DAY_MS;
  const turnedDown = new PairCache(task.turnedDown);
  const stats = task.df && sketchStats(task.df, rules.corpusStats !== 'uniform');
  const accepted = new PairCache(task.accepted);
  const edges = new GrowableU32(3 * 1024);
  // Member pairs of two groups need a date check in clustering only for titles decided with the
  // date-gap veto; other edges join single items, already decided with their own dates.
  const flagDays = task.verify && task.match === 'title' ? rules.dateWindowDays : 0;
  // The learned decision's own limit inside the window, for pairs whose groups span several
  // dates or none (a pair of point dates is decided at its one gap).
  const gapLimit: GapLimit | undefined =
    flagDays > 0 && rules.decision === 'model' ? { maxMs: 0, ms: 0 } : undefined;
  const spread = (i: number) => !(dMin[i] === dMax[i]);
  const titleDuplicate = (x: number, y: number): boolean => {
    // The date-gap veto first (copies of a recurring headline meet in every band), then the size
    // filter, then the exact Jaccard without allocating; the other rules only for what passes.
    if (windowMs > 0 && Math.max(dMin[x] - dMax[y], dMin[y] - dMax[x]) > windowMs) return false;
    const nx = so[x + 1] - so[x];
    const ny = so[y + 1] - so[y];
    if (Math.min(nx, ny) < t * Math.max(nx, ny)) return false;
    const sim = corpusJaccard(c, x, y);
    if (sim < t) return false;
    // A pair that the rules turned down meets again in every other band it shares (template
    // headlines share many): remember it, for every thread, rather than align it again.
    if (turnedDown.has(x, y)) return false;
    onDecide?.(x, y, sim);
    const a = view(x, 0);
    const b = view(y, 1);
    const limit = gapLimit && (spread(x) || spread(y)) ? gapLimit : undefined;
    if (limit) {
      limit.maxMs = windowMsOf(a, b, flagDays);
      limit.ms = limit.maxMs;
    }
    if (decide(a, b, rules, sim, stats, limit).duplicate) {
      lastLimit = limit ? decidedLimit(a, b, flagDays, limit) : -1;
      return true;
    }
    turnedDown.add(x, y);
    return false;
  };
  const bodyDuplicate = (x: number, y: number): boolean =>
    corpusBodyDecision(c, x, y, task.bodyThreshold, task.containment).duplicate;
  const duplicate: (x: number, y: number) => boolean =
    task.match === 'title'
      ? titleDuplicate
      : task.match === 'body'
        ? bodyDuplicate
        : task.match === 'either'
          ? (x, y) => titleDuplicate(x, y) || bodyDuplicate(x, y)
          : (x, y) => titleDuplicate(x, y) && bodyDuplicate(x, y);
  const useCounter = task.field === 'title' && task.match !== 'body';
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
  // Buckets are sorted by position in `items` (date order when there is one, else input order),
  // so a bucket member pairs only with the run after it up to its reach (see date-order.ts):
  // comparing positions, not dates, keeps the scan in the bucket's own memory.
  const order = task.scan?.order;
  const items = task.scan?.items ?? reps;
  const last = task.scan?.last;
  const n = reps.length;
  // Each position's item and reach side by side: a bucket visits positions at random, and one
  // cache miss for both instead of two made up a third of the band loop's time on the 1M corpus.
  const itemReach = new Uint32Array(2 * n);
  for (let p = 0; p < n; p++) {
    itemReach[2 * p] = items[p];
    itemReach[2 * p + 1] = last ? last[p] : n - 1;
  }
  // Only the entries whose band key repeats are sorted (see repeated-keys.ts), each with its
  // position in the scan order (posOf: where order puts each representative). A band's keys are
  // gathered into the sort's second buffer: `collect` reads them all before the sort writes there.
  const repeated = new RepeatedKeys(BAND_KEY_BITS);
  const scratch = new RadixScratch(n);
  const keys = scratch.k2;
  let posOf: Uint32Array | undefined;
  if (order) {
    posOf = new Uint32Array(n);
    for (let p = 0; p < n; p++) posOf[order[p]] = p;
  }
  const members = new Uint32Array(COUNTED_BUCKET);
  // The date limit of the pair titleDuplicate last accepted, when it computed one (else −1).
  let lastLimit = -1;
  let candidates = 0;
  let giantBuckets = 0;
  const tryPair = (x: number, y: number): void => {
    if (accepted.has(x, y)) return;
    candidates++;
    lastLimit = -1;
    if (task.verify && !duplicate(x, y)) return;
    accepted.add(x, y);
    edges.reserve(3);
    const e = edges.data;
    e[edges.length] = x < y ? x : y;
    e[edges.length + 1] = x < y ? y : x;
    e[edges.length + 2] =
      flagDays === 0
        ? LIMIT_NONE
        : lastLimit >= 0
          ? lastLimit
          : windowLimit(view(x, 0), view(y, 1), flagDays);
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
  const maxPairs = (task.maxBucket * (task.maxBucket - 1)) / 2;
  // The pairs in reach among positions sp[s .. e), counted up to just past `limit`.
  const pairsInReach = (sp: Uint32Array, s: number, e: number, limit: number): number => {
    let pairs = 0;
    for (let x = s; x < e - 1 && pairs <= limit; x++) {
      const end = itemReach[sp[x] * 2 + 1];
      for (let y = x + 1; y < e && sp[y] <= end && pairs <= limit; y++) pairs++;
    }
    return pairs;
  };
  const { sharedBands, share, shares } = task;
  for (let step = 0, bandCount = sharedBands + task.bandTo - task.bandFrom; step < bandCount; step++) {
    const band = step < sharedBands ? step : task.bandFrom + step - sharedBands;
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
      if (size > task.maxBucket && !(last && pairsInReach(sp, s, e, maxPairs) <= maxPairs)) {
        // A bucket this large is a band that many unrelated items share (common short texts):
        // comparing all pairs would go quadratic, so compare neighbours only and report it.
        // In date order only the pairs in reach are compared, and a large bucket spread over
        // years (a celebrity's name) may have as few of those as a small one: it is giant only
        // when it has more pairs in reach than a bucket of maxBucket items has pairs.
        giantBuckets++;
        for (let k = s + 1; k < e; k++) tryPair(itemReach[sp[k - 1] * 2], itemReach[sp[k] * 2]);
      } else if (size > SMALL_BUCKET && size <= COUNTED_BUCKET && task.verify && useCounter) {
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
    if (task.progress) Atomics.store(task.progress, task.progressSlot ?? 0, step + 1);
    onBand?.();
  }
  return { candidates, edges: edges.trimmed(), giantBuckets };
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

/**
 * Bands that all tasks link together, bucket by bucket, when there are several (see LinkTask).
 */
const SHARED_BANDS = 1;

/** Runs link tasks (on a pool or here) and returns their results in task order. */
export type BandRunner = (tasks: LinkTask[]) => Promise<BandLinks[]>;

/** Runs the parts of the counting pass (see corpus-df.ts) on a pool. */
export type CountRunner = (tasks: CountTask[]) => Promise<unknown>;

/**
 * The corpus's document frequencies for the learned decision: counted here, or in `parts` parts
 * on a pool, started now and awaited once identical items are grouped (which needs no counts).
 */
function startCounting(
  c: Corpus,
  shared: boolean,
  tokens: boolean,
  parts: number,
  counter?: CountRunner,
): Promise<DfSketch> {
  if (!counter || !shared || parts < 2) return Promise.resolve(countDocumentFrequencies(c, shared, tokens));
  const { ids: _ids, ...corpus } = c;
  const sketch = newSketch(corpus, true);
  const tasks: CountTask[] = [];
  for (let part = 0; part < parts; part++) tasks.push({ corpus, sketch, part, parts, tokens });
  return counter(tasks).then(() => sketch);
}

/** Called with the bands linked so far, of all tasks, and their total (see linkCorpus). */
export type OnBands = (done: number, total: number) => void;

/** How often the bands-done counters of tasks on other threads are read, in ms. */
const POLL_MS = 150;

/** The verified duplicate pairs of a corpus, between groups of identical items. */
export interface CorpusLinks extends Pick<ExactGroups, 'repOf' | 'selfFlags'> {
  /**
   * Unique edges between representatives, sorted: three words each, the smaller item, the
   * larger and their date limit (see DateLimit).
   */
  edges: Uint32Array;
  stats: LinkStats;
}

/** How linkCorpus runs: on this thread, or over a pool's threads. */
export interface LinkRun {
  /** Band ranges, linked in parallel by `runner` (one per thread). */
  ranges?: number;
  runner?: BandRunner;
  /**
   * Hears of the bands done: after each band when they run here, else every POLL_MS from
   * counters the tasks write.
   */
  onBands?: OnBands;
  /** Runs the learned decision's counting pass in as many parts as ranges, on the same threads. */
  counter?: CountRunner;
  /** Hears of every pair handed to `decide`, with its similarity: on this thread only (benches). */
  onDecide?: (x: number, y: number, similarity: number) => void;
}

/**
 * Finds the verified duplicate pairs of a corpus; with a runner and several ranges, bands are
 * linked in parallel over the shared corpus and caches (see LinkRun).
 * @example const { edges, repOf } = await linkCorpus(corpus, resolveOptions())
 */
export async function linkCorpus(c: Corpus, o: ResolvedOptions, how: LinkRun = {}): Promise<CorpusLinks> {
  const { ranges = 1, runner, onBands, counter } = how;
  const shared = c.dates.buffer instanceof SharedArrayBuffer;
  const rules = ruleOptions(o);
  // The learned decision weighs shared text by how common it is in this corpus (see corpus-df.ts).
  const counting =
    o.verify && o.decision === 'model' && o.match !== 'body'
      ? startCounting(c, shared, !tableApplies(rules.corpusStats !== 'uniform'), ranges, counter)
      : undefined;
  // Days beyond which the date-gap rule vetoes a pair (0: no veto).
  const vetoDays = o.verify ? rules.dateWindowDays : 0;
  // Identical titles are interchangeable only when titles alone decide.
  const groups: ExactGroups =
    o.match === 'title'
      ? joinTitles(c, o, vetoDays)
      : {
          ...singletons(c.size),
          reps: itemsWithText(c, o.match),
          exactDuplicates: 0,
          spans: { min: c.dates, max: c.dates },
        };
  const { reps, spans } = groups;
  const df = await counting;
  const tasks: LinkTask[] = [];
  const { ids: _ids, ...corpus } = c;
  // Room for a pair per four representatives in each cache (the 1M corpus turns down ~70k).
  const slots = 2 ** Math.min(24, Math.max(12, Math.ceil(Math.log2(reps.length / 2))));
  const accepted = new PairCache(slots, shared);
  const turnedDown = new PairCache(slots, shared);
  // Scanning in date order is exact only where the date veto decides every pair: on titles
  // (alone, or both titles and bodies must match), with verification and the rule on.
  const scan =
    vetoDays > 0 && (o.match === 'title' || o.match === 'both')
      ? dateScanOrder(reps, spans.min, spans.max, vetoDays * DAY_MS, shared)
      : undefined;
  // Both titles and bodies are banded only when either may decide; 'both' needs the titles' only.
  const fields: ('title' | 'body')[] =
    o.match === 'body' ? ['body'] : o.match === 'either' ? ['title', 'body'] : ['title'];
  for (const field of fields) {
    const nb = field === 'title' ? c.bands : c.body!.bands;
    const sharedBands = ranges > 1 ? Math.min(SHARED_BANDS, nb) : 0;
    const per = Math.ceil((nb - sharedBands) / ranges);
    for (let share = 0; share < ranges; share++) {
      const from = Math.min(nb, sharedBands + share * per);
      tasks.push({
        corpus,
        accepted: accepted.table,
        turnedDown: turnedDown.table,
        reps,
        scan,
        spans,
        field,
        sharedBands,
        share,
        shares: ranges,
        bandFrom: from,
        bandTo: Math.min(nb, from + per),
        threshold: o.threshold,
        verify: o.verify,
        maxBucket: o.maxBucket,
        rules,
        df,
        match: o.match,
        bodyThreshold: o.bodyThreshold,
        containment: o.containment,
      });
    }
  }
  const stats: LinkStats = {
    exactDuplicates: groups.exactDuplicates,
    candidates: 0,
    verified: 0,
    giantBuckets: 0,
  };
  // A band step of every task (a shared band counts once per task that scans its part of it).
  let totalBands = 0;
  for (const t of tasks) totalBands += t.sharedBands + t.bandTo - t.bandFrom;
  const progress = new Int32Array(
    shared ? new SharedArrayBuffer(4 * tasks.length) : new ArrayBuffer(4 * tasks.length),
  );
  tasks.forEach((t, slot) => {
    t.progress = progress;
    t.progressSlot = slot;
  });
  const bandsDone = () => {
    let done = 0;
    for (let k = 0; k < progress.length; k++) done += Atomics.load(progress, k);
    return done;
  };
  const report = onBands && (() => onBands(bandsDone(), totalBands));
  report?.();
  // Tasks run here block the event loop, so they report band by band; tasks on other threads
  // are polled.
  const run = runner ?? (async (ts: LinkTask[]) => ts.map((t) => linkBands(t, report, how.onDecide)));
  const timer = runner && report ? setInterval(report, POLL_MS) : undefined;
  let results: BandLinks[];
  try {
    results = await run(tasks);
  } finally {
    clearInterval(timer);
  }
  // All done, whether or not the counters were shared with the threads that ran the tasks.
  onBands?.(totalBands, totalBands);
  const found: Uint32Array[] = [];
  for (const r of results) {
    stats.candidates += r.candidates;
    stats.giantBuckets += r.giantBuckets;
    found.push(r.edges);
  }
  const edges = uniqueEdges(found);
  stats.verified = edges.length / 3;
  // Only what clustering reads: the spans and representatives (~20 MB on the 1M corpus) can go.
  return { repOf: groups.repOf, selfFlags: groups.selfFlags, edges, stats };
}

function singletons(n: number): { repOf: Int32Array; selfFlags: Uint32Array } {
  const repOf = new Int32Array(n);
  for (let i = 0; i < n; i++) repOf[i] = i;
  return { repOf, selfFlags: new Uint32Array(n) };
}

/**
 * Identical titles grouped for the decision that will link them. Copies of one text are
 * duplicates inside the window under either decision (see `decide`), so they are grouped alike;
 * the learned decision's limits for pairs of groups come with the edges. A model that weighs a
 * wider gap as evidence for a duplicate, or a window too wide for a limit code, has no limit to
 * give: copies are then grouped with copies of their own date only.
 */
function joinTitles(c: Corpus, o: ResolvedOptions, vetoDays: number): ExactGroups {
  const model = o.verify && o.decision === 'model' && vetoDays > 0;
  const pointDates = model && (vetoDays * DAY_MS > MAX_LIMIT_MS || requireModel().weightOf('dateGap') > 0);
  return joinExactDuplicates(c, vetoDays, pointDates);
}

/**
 * The edges of all tasks, sorted by (smaller, larger) and each pair once: a pair found by two
 * tasks, or twice by one whose cache was full, carries the same flag (a pure function of the
 * pair), so which copy stays does not matter.
 */
export function uniqueEdges(lists: readonly Uint32Array[]): Uint32Array {
  let total = 0;
  for (const l of lists) total += l.length / 3;
  const order = new Uint32Array(total);
  const all = new Uint32Array(total * 3);
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  // Two stable radix passes: by the larger item, then by the smaller.
  const larger = new Uint32Array(total);
  for (let k = 0; k < total; k++) larger[k] = all[3 * k + 1];
  const byLarger = radixSortPositions(larger).values;
  const smaller = new Uint32Array(total);
  for (let k = 0; k < total; k++) smaller[k] = all[3 * byLarger[k]];
  const bySmaller = radixSortPositions(smaller).values;
  for (let k = 0; k < total; k++) order[k] = byLarger[bySmaller[k]];
  const out = new Uint32Array(total * 3);
  let m = 0;
  for (let k = 0; k < total; k++) {
    const p = order[k];
    if (m > 0 && out[3 * m - 3] === all[3 * p] && out[3 * m - 2] === all[3 * p + 1]) continue;
    out[3 * m] = all[3 * p];
    out[3 * m + 1] = all[3 * p + 1];
    out[3 * m + 2] = all[3 * p + 2];
    m++;
  }
  return out.slice(0, 3 * m);
}
