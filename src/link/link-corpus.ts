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
 *
 * This file runs a corpus's linking: the exact-duplicate join (exact-join.ts), the counting pass
 * (unless the caller counted while preparing), the split of bands into tasks for threads, the
 * tasks (band-loop.ts) and their edges made one list (edges.ts).
 */
import { ruleOptions, type MatchMode, type ResolvedOptions } from '../options/options.js';
import { tableApplies, type DfSketch } from '../verify/corpus-stats.js';
import { lowestDuplicateSimilarity } from '../verify/decide.js';
import { requireModel } from '../verify/model-decision.js';
import type { Corpus } from '../prepare/corpus.js';
import { DAY_MS } from '../read/dates.js';
import {
  DECIDED_WORDS,
  linkBands,
  type BandLinks,
  type LinkTask,
  type OnDecide,
  type PairDecision,
} from './band-loop.js';
import type { CountAndFrameTask, CountResult, FrameTask } from './count-task.js';
import { countDocumentFrequencies, newSketch } from './corpus-df.js';
import { MAX_LIMIT_MS } from './date-limit.js';
import { bandPositions, dateScanOrder } from './date-order.js';
import { uniqueDecided, uniqueEdges } from './edges.js';
import { joinExactDuplicates, type ExactGroups } from './exact-join.js';
import { FRAME_ITEMS } from './frame-pairs.js';
import { PairCache } from './pair-cache.js';
import { templateItems, templatePositions } from './template-items.js';

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
  /** Possible duplicates between representatives, sorted, each pair once: the smaller, the larger, the probability × 10⁶. */
  possible: Uint32Array;
  /** With `LinkRun.record`: the decided pairs (see BandLinks.decided), each once, sorted by the two items. */
  decided?: Float64Array;
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
  /**
   * The learned decision's corpus counts, when the caller counted them (dedup on one thread does,
   * while it prepares); else they are counted in one pass over the corpus, by `counter` when
   * given, or here.
   */
  df?: DfSketch;
  /**
   * Runs the counting pass on another thread (dedup's pool, through its `link` handler), while
   * this one joins identical items: the two take about as long, and neither needs the other (see
   * corpus-df.ts).
   */
  counter?: (task: CountAndFrameTask) => Promise<CountResult>;
  /** Hears of every pair handed to `decide`, with its similarity: on this thread only (benches). */
  onDecide?: OnDecide;
  /** Keep every pair decided a duplicate or a possible one, with its evidence (`CorpusLinks.decided`). */
  record?: boolean;
  /** See PairDecision.frameItems (tests compare the bound against Infinity: no bound). */
  frameItems?: number;
  /** See PairDecision.templateJoin (tests compare the join against trying every pair). */
  templateJoin?: boolean;
}

/**
 * Finds the verified duplicate pairs of a corpus; with a runner and several ranges, bands are
 * linked in parallel over the shared corpus and caches (see LinkRun).
 * @example const { edges, repOf } = await linkCorpus(corpus, resolveOptions())
 */
export async function linkCorpus(c: Corpus, o: ResolvedOptions, how: LinkRun = {}): Promise<CorpusLinks> {
  const { ranges = 1, runner, onBands } = how;
  const shared = c.dates.buffer instanceof SharedArrayBuffer;
  const rules = ruleOptions(o);
  // Template headlines are found from the counts where the band loop bounds frames (see
  // template-items.ts), with the similarity its prefilters let through.
  const frameItems = how.frameItems ?? FRAME_ITEMS;
  const frames: FrameTask | undefined =
    frameItems < Number.POSITIVE_INFINITY ? { frameItems, t: lowestDuplicateSimilarity(rules) } : undefined;
  // The learned decision weighs shared text by how common it is in this corpus (see corpus-df.ts).
  const counted =
    o.verify && o.decision === 'model' && o.match !== 'body'
      ? countCorpus(c, shared, !tableApplies(rules.corpusStats !== 'uniform'), how, frames)
      : undefined;
  // Should the join below throw, the count's own failure is not left unheard.
  if (counted instanceof Promise) counted.catch(() => undefined);
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
  const tasks: LinkTask[] = [];
  const { ids: _ids, ...corpus } = c;
  // Room for a pair per four representatives in each cache (the 1M corpus turns down ~70k).
  const slots = 2 ** Math.min(24, Math.max(12, Math.ceil(Math.log2(reps.length / 2))));
  const accepted = new PairCache(slots, shared);
  const turnedDown = new PairCache(slots, shared);
  // Scanning in date order is exact only where the date veto decides every pair: on titles
  // (alone, or both titles and bodies must match), with verification and the rule on.
  const positions = bandPositions(
    reps,
    vetoDays > 0 && (o.match === 'title' || o.match === 'both')
      ? dateScanOrder(reps, spans.min, spans.max, vetoDays * DAY_MS, shared)
      : undefined,
    shared,
  );
  // Both titles and bodies are banded only when either may decide; 'both' needs the titles' only.
  const fields: ('title' | 'body')[] =
    o.match === 'body' ? ['body'] : o.match === 'either' ? ['title', 'body'] : ['title'];
  // The counts, if another thread is still taking them: everything above did not need them.
  const { df, found: framed } = (await counted) ?? {};
  // What decides a pair, the same for every task.
  const decision: PairDecision = {
    verify: o.verify,
    threshold: o.threshold,
    rules,
    df,
    match: o.match,
    bodyThreshold: o.bodyThreshold,
    containment: o.containment,
    ...(how.record === true && { record: true }),
    ...(how.frameItems !== undefined && { frameItems: how.frameItems }),
    ...(how.templateJoin !== undefined && { templateJoin: how.templateJoin }),
  };
  const pairs = { accepted: accepted.table, turnedDown: turnedDown.table };
  // Read once for all tasks: found by the thread that counted, or here among the representatives.
  const read = framed
    ? framed.templates
    : df && frames
      ? templateItems(c, reps, df.shingles, frames.frameItems, frames.t, shared)
      : undefined;
  const templates = read && { ...read, at: templatePositions(positions.itemReach, read.slot, shared) };
  for (const field of fields) {
    const nb = field === 'title' ? c.bands : c.body!.bands;
    const sharedBands = ranges > 1 ? Math.min(SHARED_BANDS, nb) : 0;
    const per = Math.ceil((nb - sharedBands) / ranges);
    for (let share = 0; share < ranges; share++) {
      const from = Math.min(nb, sharedBands + share * per);
      tasks.push({
        corpus,
        pairs,
        reps,
        positions,
        spans,
        ...(templates && { templates }),
        bands: {
          field,
          sharedBands,
          share,
          shares: ranges,
          bandFrom: from,
          bandTo: Math.min(nb, from + per),
          maxBucket: o.maxBucket,
        },
        decision,
      });
    }
  }
  const stats: LinkStats = {
    exactDuplicates: groups.exactDuplicates,
    candidates: 0,
    verified: 0,
    giantBuckets: 0,
  };
  // Progress is told in bands, as `neardup params` and the summary count them: a shared band is
  // scanned by every task, a part each, so each task's step through it is 1/shares of a band.
  let totalBands = 0;
  for (const field of fields) totalBands += field === 'title' ? c.bands : c.body!.bands;
  const progress = new Int32Array(
    shared ? new SharedArrayBuffer(4 * tasks.length) : new ArrayBuffer(4 * tasks.length),
  );
  tasks.forEach((t, slot) => {
    t.progress = { counts: progress, slot };
  });
  const bandsDone = () => {
    let done = 0;
    for (let k = 0; k < progress.length; k++) {
      const steps = Atomics.load(progress, k);
      const { sharedBands, shares } = tasks[k].bands;
      done += Math.min(steps, sharedBands) / shares + Math.max(0, steps - sharedBands);
    }
    // Whole bands: a shared band is done when every task has done its part.
    return Math.floor(done + 1e-9);
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
  const possibleFound: Uint32Array[] = [];
  for (const r of results) {
    stats.candidates += r.candidates;
    stats.giantBuckets += r.giantBuckets;
    found.push(r.edges);
    possibleFound.push(r.possible);
  }
  const edges = uniqueEdges(found);
  const possible = uniqueEdges(possibleFound);
  const decided =
    how.record === true
      ? uniqueDecided(
          results.map((r) => r.decided ?? new Float64Array(0)),
          DECIDED_WORDS,
        )
      : undefined;
  stats.verified = edges.length / 3;
  // Only what clustering reads: the spans and representatives (~20 MB on the 1M corpus) can go.
  return {
    repOf: groups.repOf,
    selfFlags: groups.selfFlags,
    edges,
    possible,
    ...(decided && { decided }),
    stats,
  };
}

/** The corpus counts, and the template headlines when the thread that counted found them. */
interface Counted {
  df: DfSketch;
  found?: CountResult;
}

/**
 * The corpus counts: the caller's, or counted by its counter on another thread (which also finds
 * the template headlines, with `frames`), or here.
 */
function countCorpus(
  c: Corpus,
  shared: boolean,
  tokens: boolean,
  how: LinkRun,
  frames: FrameTask | undefined,
): Counted | Promise<Counted> {
  if (how.df) return { df: how.df };
  if (!how.counter || !shared) return { df: countDocumentFrequencies(c, shared, tokens) };
  const { ids: _ids, ...corpus } = c;
  const sketch = newSketch(corpus, true);
  return how
    .counter({ corpus, sketch, part: 0, parts: 1, tokens, ...(frames && { frames }) })
    .then((found) => ({ df: sketch, found }));
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
  const pointDates = model && (vetoDays * DAY_MS > MAX_LIMIT_MS || requireModel(o).weightOf('dateGap') > 0);
  return joinExactDuplicates(c, vetoDays, pointDates);
}
