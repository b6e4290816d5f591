/**
 * The evidence a learned decision weighs for a pair of headlines: how much text they share (plain
 * and IDF-weighted, so that a frame common across the corpus counts for less), where and of what
 * kind the differing spans are, and each headline rule's verdict, now a feature instead of a veto.
 * Every feature is symmetric in a and b: one computed on (a, b, align(a, b)) is combined with the
 * same on (b, a, align(b, a)), as the rules are asked both ways round.
 */
import type { Span } from './align.js';
import type { CorpusStats } from './corpus-stats.js';
import type { DecisionRule } from './decide.js';
import type { ItemView } from './item-view.js';
import { replacesEntity } from './entities.js';
import { reportsDay } from './daily-report.js';
import { nounExtension, SHORT_TOPIC_TOKENS, SPAN_KIND_FEATURES, spanKinds } from './span-kinds.js';
import {
  addsNumber,
  altersNumber,
  digitsDisagree,
  extendsTopic,
  insertsNegation,
  changesStage,
  replacesNumber,
  stageWordsIn,
  substitutesEntity,
  onlyEdits,
} from './span-rules.js';

export interface FeatureInfo {
  name: string;
  /** The rule (or kind of evidence) a feature stands for, as `Decision.rule` names it. */
  evidence: DecisionRule;
  /** What it measures, for `neardup explain` and the README. */
  about: string;
  /**
   * As a veto, it stops the removal but not the review: the pair is still scored and stays a
   * possible duplicate from the possible-duplicate cut-off. For evidence that is right more often
   * than not but that a reader should see (a noun added to a topic: 南部档案 / 南部档案热度 is the
   * show trending for how popular it is).
   */
  keepsPossible?: true;
}

/**
 * Every feature the decision can use, in the order `pairFeatures` writes them. The model's
 * weights file names the ones it kept.
 */
export const FEATURES: readonly FeatureInfo[] = [
  { name: 'jaccard', evidence: 'similar', about: 'Jaccard similarity of the shingle sets' },
  {
    name: 'idfJaccard',
    evidence: 'similar',
    about: 'Jaccard with each shingle weighted by its IDF in the corpus',
  },
  {
    name: 'idfContainment',
    evidence: 'similar',
    about: 'IDF weight of the shared shingles over the lighter headline’s',
  },
  {
    name: 'commonShared',
    evidence: 'template',
    about: 'share of the shared shingles that are common in the corpus (a template frame)',
  },
  {
    name: 'diffRarity',
    evidence: 'template',
    about: 'mean IDF of the differing tokens over ln N (a rare slot filler: a name)',
  },
  { name: 'onlyEdits', evidence: 'edits', about: 'words only added or dropped, nothing replaced' },
  {
    name: 'replaceHead',
    evidence: 'substitution',
    about: 'the first tokens are replaced (a different subject in a frame)',
  },
  { name: 'replaceTail', evidence: 'similar', about: 'the last tokens are replaced (a rephrased tail)' },
  {
    name: 'diffSpans',
    evidence: 'below-threshold',
    about: 'differing spans (1 each, up to 4, over 4): several for a reorder',
  },
  { name: 'lengthRatio', evidence: 'extension', about: 'shorter headline’s tokens over the longer’s' },
  {
    name: 'shortSide',
    evidence: 'extension',
    about: 'tokens of the shorter headline over 16, at most 1 (a bare topic is short)',
  },
  {
    name: 'editsOnShort',
    evidence: 'extension',
    about: 'words only added to a short headline (a hot-search topic made a narrower story)',
  },
  {
    name: 'numbersChanged',
    evidence: 'numbers',
    about: 'numbers rule: digits disagree both ways, or a number replaced or altered (第三十[二]次)',
  },
  {
    name: 'numberAdded',
    evidence: 'numbers',
    about: 'numbers rule: one side adds a number (a part, an episode, a range)',
  },
  {
    name: 'substitution',
    evidence: 'substitution',
    about: 'substitution rule: a replaced span other than the tail names an entity on both sides',
  },
  {
    name: 'tailEntity',
    evidence: 'substitution',
    about: 'a replaced tail names an entity on both sides (the rule exempts tails)',
  },
  {
    name: 'negation',
    evidence: 'negation',
    about: 'negation rule: one side adds a negation, modality or question word',
  },
  { name: 'stage', evidence: 'stage', about: 'stage rule fires and the stage word is in one headline only' },
  {
    name: 'stageBoth',
    evidence: 'stage',
    about: 'stage rule fires but both headlines have the word (a reorder)',
  },
  {
    name: 'extension',
    evidence: 'extension',
    about: 'extension rule: a bare topic the other extends after its first word',
  },
  {
    name: 'dateGap',
    evidence: 'date-gap',
    about: 'days between the two dates over the window (0 when either is undated)',
  },
  {
    name: 'dailyReports',
    evidence: 'date-gap',
    about: 'both are daily reports (新增, 今日 …) on different days',
  },
  {
    name: 'replacedBelow',
    evidence: 'below-threshold',
    about: 'below the threshold with a replaced span (a paraphrase or another item on a template)',
  },
  {
    name: 'addedIdfShare',
    evidence: 'extension',
    about:
      'words only added: their token IDF over the shorter headline’s, at most 1 (a new clause, not a tag)',
  },
  {
    name: 'diffIdfShare',
    evidence: 'template',
    about: 'token IDF of the differing spans over both headlines’ (the slot against the frame)',
  },
  {
    name: 'jaccardSq',
    evidence: 'similar',
    about: 'Jaccard similarity squared (lets the log-odds bend with overlap)',
  },
  {
    name: 'facetAdded',
    evidence: 'extension',
    about: 'one side’s differing words name a facet of the topic (花絮, 文案, 节目单, 阵容 …)',
  },
  {
    name: 'responseAdded',
    evidence: 'stage',
    about: 'one side’s differing words are a response or statement (回应, 发声, 道歉 …)',
  },
  {
    name: 'questionAdded',
    evidence: 'negation',
    about: 'one side’s differing words ask a question (吗, 为什么, 如何 …)',
  },
  {
    name: 'greetingOnly',
    evidence: 'similar',
    about: 'the differing words only greet, cheer or restate (快乐, 好看, 上映, 今日 …)',
  },
  {
    name: 'addedTail',
    evidence: 'extension',
    about: 'words only added, at the end of the shorter headline (a topic made narrower)',
  },
  {
    name: 'addedHead',
    evidence: 'similar',
    about: 'words only added, before the shorter headline (a qualifier or source in front)',
  },
  {
    name: 'personAdded',
    evidence: 'extension',
    about: 'words only added, beginning with a person’s name (another person who is the focus)',
  },
  {
    name: 'tailOnShort',
    evidence: 'extension',
    about: 'addedTail on a short headline (a trending topic narrowed: 摩尔庄园 / 摩尔庄园烟花)',
  },
  {
    name: 'headOnShort',
    evidence: 'extension',
    about: 'addedHead on a short headline (a topic with a subject put in front)',
  },
  {
    name: 'tailRephrasedOnLong',
    evidence: 'similar',
    about: 'replaceTail on a long headline (a news title with its last clause reworded: one story)',
  },
  {
    name: 'sharedRarest',
    evidence: 'template',
    about:
      'IDF of the rarest shingle both headlines share, up to that of one only they have (low: all they share is a frame many headlines repeat)',
  },
  {
    name: 'nounExtension',
    evidence: 'extension',
    keepsPossible: true,
    about: `words added at the tail of a topic of ${SHORT_TOPIC_TOKENS} tokens or fewer end in a noun, by corpus usage (another thing about the topic: 高考英语 / 高考英语作文)`,
  },
];

export const FEATURE_COUNT = FEATURES.length;
export const FEATURE_INDEX: ReadonlyMap<string, number> = new Map(FEATURES.map((f, i) => [f.name, i]));

const at = (name: string) => FEATURE_INDEX.get(name)!;
const NUMBERS_CHANGED = at('numbersChanged');
const DIFF_RARITY = at('diffRarity');
const DIFF_SPANS = at('diffSpans');
const NUMBER_ADDED = at('numberAdded');
const SUBSTITUTION = at('substitution');
const TAIL_ENTITY = at('tailEntity');
const NEGATION_AT = at('negation');
const STAGE = at('stage');
const STAGE_BOTH = at('stageBoth');
const EXTENSION = at('extension');
const DAILY_REPORTS = at('dailyReports');
const ADDED_IDF_SHARE = at('addedIdfShare');
const DIFF_IDF_SHARE = at('diffIdfShare');
const SPAN_KINDS_AT = at(SPAN_KIND_FEATURES[0]);
const ADDED_TAIL = at('addedTail');
const ADDED_HEAD = at('addedHead');
const TAIL_ON_SHORT = at('tailOnShort');
const HEAD_ON_SHORT = at('headOnShort');
const SHARED_RAREST = at('sharedRarest');
const TAIL_REPHRASED_ON_LONG = at('tailRephrasedOnLong');
const REPLACE_TAIL = at('replaceTail');
const NOUN_EXTENSION = at('nounExtension');
const GREETING_ONLY = at('greetingOnly');

/** What a caller needs of `pairFeatures`, so that it computes no more (a model's features and vetoes). */
export interface FeatureUse {
  /** 1 for each feature (FEATURES order) to compute; the others that cost a scan read 0. */
  want: Uint8Array;
  /** A changed number vetoes: with one, only numbersChanged is set. */
  numbersVeto: boolean;
  /** The caller has found that the digits agree (no need to compare them again). */
  digitsAgree?: boolean;
}

/** A shingle in at least this many corpus headlines is common: idf below ln(N / COMMON_DF). */
const COMMON_DF = 256;
const MAX_SPANS = 4;
/** A headline this many tokens long or longer is not short at all (shortSide = 1). */
const SHORT_TOKENS = 16;
const DAY_MS = 86_400_000;

/** Which rules may fire (a rule switched off reads 0) and the date window. */
export interface FeatureRules {
  numbers: boolean;
  substitution: boolean;
  negation: boolean;
  stage: boolean;
  extension: boolean;
  dateWindowDays: number;
  threshold: number;
}

/** Scratch for `idfSums` (a's, b's and the shared IDF mass, shared count, common shared count, the rarest shared shingle's IDF) and `diffTokenIdf`: one per thread, no allocation per pair. */
const sums = new Float64Array(6);
const diffAcc = new Float64Array(4);

/**
 * Each corpus item's IDF masses (of its shingles, of its tokens) under the statistics last used,
 * by item index: the link stage makes a view afresh for every pair, and an item meets many.
 * Direct-mapped (a slot keeps the last item that fell in it), one per thread.
 */
const MASS_BITS = 17;
const massItems = new Int32Array(1 << MASS_BITS).fill(-1);
const shingleMasses = new Float64Array(1 << MASS_BITS);
const tokenMasses = new Float64Array(1 << MASS_BITS);
let massStats: CorpusStats | undefined;
let massLnDocs = Number.NaN;

/** The cache slot holding a corpus item's IDF masses, filled if need be; −1 for other text. */
function massSlot(v: ItemView, stats: CorpusStats, lnDocs: number): number {
  if (v.item === undefined) return -1;
  if (massStats !== stats || massLnDocs !== lnDocs) {
    massItems.fill(-1);
    massStats = stats;
    massLnDocs = lnDocs;
  }
  const slot = v.item & ((1 << MASS_BITS) - 1);
  if (massItems[slot] !== v.item) {
    massItems[slot] = v.item;
    shingleMasses[slot] = shingleMass(v, stats);
    // Taken when first asked for: only pairs with words only added need it.
    tokenMasses[slot] = Number.NaN;
  }
  return slot;
}

function shingleMass(v: ItemView, stats: CorpusStats): number {
  let m = 0;
  for (let k = v.sFrom; k < v.sTo; k++) m += stats.idf(v.shingles[k]);
  return m;
}

/** The IDF mass of an item's own shingles (cached for these statistics). */
function idfMass(v: ItemView, stats: CorpusStats, lnDocs: number): number {
  const slot = massSlot(v, stats, lnDocs);
  if (slot >= 0) return shingleMasses[slot];
  if (v.idfStats === stats && v.idfLnDocs === lnDocs && v.idfMass !== undefined) return v.idfMass;
  const m = shingleMass(v, stats);
  v.idfMass = m;
  v.idfStats = stats;
  v.idfLnDocs = lnDocs;
  return m;
}

/** The token IDF of a whole headline (cached for corpus items, as idfMass). */
function tokenMass(v: ItemView, stats: CorpusStats, lnDocs: number): number {
  const slot = massSlot(v, stats, lnDocs);
  if (slot < 0) return tokenIdfSum(v, stats);
  if (Number.isNaN(tokenMasses[slot])) tokenMasses[slot] = tokenIdfSum(v, stats);
  return tokenMasses[slot];
}

/**
 * IDF sums of a's, b's and the shared shingles, by a merge of the sorted hashes, into `sums`;
 * only the shared shingles are looked up per pair (each item's own mass is cached on its view).
 */
function idfSums(
  a: ItemView,
  b: ItemView,
  stats: CorpusStats,
  lnDocs: number,
  commonIdf: number,
): Float64Array {
  const x = a.shingles;
  const y = b.shingles;
  let i = a.sFrom;
  let j = b.sFrom;
  let shared = 0;
  let count = 0;
  let common = 0;
  let rarest = 0;
  while (i < a.sTo && j < b.sTo) {
    if (x[i] === y[j]) {
      const v = stats.idf(x[i]);
      shared += v;
      count++;
      if (v < commonIdf) common++;
      if (v > rarest) rarest = v;
      i++;
      j++;
    } else if (x[i] < y[j]) i++;
    else j++;
  }
  sums[0] = idfMass(a, stats, lnDocs);
  sums[1] = idfMass(b, stats, lnDocs);
  sums[2] = shared;
  sums[3] = count;
  sums[4] = common;
  sums[5] = rarest;
  return sums;
}

/** Sum and count of the token IDFs of the differing spans, into acc[at] and acc[at + 1]. */
function diffTokenIdf(
  a: ItemView,
  b: ItemView,
  spans: readonly Span[],
  stats: CorpusStats,
  acc: Float64Array,
  at: number,
): void {
  let sum = 0;
  let n = 0;
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    for (let k = s.aFrom; k < s.aTo; k++) sum += stats.tokenIdf(a.tokens[a.tFrom + k]);
    for (let k = s.bFrom; k < s.bTo; k++) sum += stats.tokenIdf(b.tokens[b.tFrom + k]);
    n += s.aTo - s.aFrom + s.bTo - s.bFrom;
  }
  acc[at] = sum;
  acc[at + 1] = n;
}

/**
 * The rarest shared shingle's IDF among the *other* headlines, over ln N: the pair's own counts
 * (see CorpusStats.pairCounted) taken off its document frequency, so that a name only these two
 * share reads 1 whether the statistics counted them (a corpus run) or not (the bundled table).
 */
function sharedRarest(idf: number, lnDocs: number, pairCounted: number): number {
  if (idf <= 0 || lnDocs <= 0) return 0;
  const others = Math.max(0, Math.exp(lnDocs - idf) - 1 - pairCounted);
  return Math.max(0, lnDocs - Math.log1p(others)) / lnDocs;
}

/** Token IDF of a whole headline. */
function tokenIdfSum(v: ItemView, stats: CorpusStats): number {
  let s = 0;
  for (let k = v.tFrom; k < v.tTo; k++) s += stats.tokenIdf(v.tokens[k]);
  return s;
}

function tailEntity(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const last = spans[spans.length - 1];
  return (
    last !== undefined &&
    last.kind === 'replace' &&
    replacesEntity(a, last.aFrom, last.aTo, b, last.bFrom, last.bTo)
  );
}

/** The stage words in a whole headline, as a bit set over STAGE_WORDS. */
const stageWords = (v: ItemView): number => stageWordsIn(v, 0, v.tTo - v.tFrom);

function nonEqual(spans: readonly Span[]): number {
  let n = 0;
  for (const s of spans) if (s.kind !== 'equal') n++;
  return n;
}

const firstReplaced = (s: readonly Span[]) => s.length > 0 && s[0].kind === 'replace';
const lastReplaced = (s: readonly Span[]) => s.length > 0 && s[s.length - 1].kind === 'replace';
const bool = (x: boolean) => (x ? 1 : 0);
/** Whether a caller wants a feature (every feature when it names none). */
const wanted = (want: Uint8Array | undefined, feature: number) => want === undefined || want[feature] === 1;

/**
 * Writes the features of (a, b) into `out` (FEATURES order). `ab` and `ba` are the alignments
 * both ways round; `gapMs` the date gap (NaN when either is undated).
 * @example pairFeatures(a, b, rules, 0.78, align(a, b), align(b, a), NaN, stats, new Float64Array(FEATURE_COUNT))
 */
export function pairFeatures(
  a: ItemView,
  b: ItemView,
  r: FeatureRules,
  similarity: number,
  ab: readonly Span[],
  ba: readonly Span[],
  gapMs: number,
  stats: CorpusStats,
  lnDocs: number,
  out: Float64Array,
  use?: FeatureUse,
): Float64Array {
  const want = use?.want;
  // A changed number first: where it vetoes, nothing else need be computed.
  const altered = r.numbers && (altersNumber(a, b, ab) || altersNumber(b, a, ba));
  const numbersChanged =
    r.numbers &&
    (altered ||
      (use?.digitsAgree !== true && digitsDisagree(a, b)) ||
      replacesNumber(a, b, ab) ||
      replacesNumber(b, a, ba));
  if (numbersChanged && use?.numbersVeto === true) {
    out.fill(0);
    out[NUMBERS_CHANGED] = 1;
    return out;
  }
  const w = idfSums(a, b, stats, lnDocs, lnDocs - Math.log(COMMON_DF));
  const union = w[0] + w[1] - w[2];
  const edits = onlyEdits(ab) && onlyEdits(ba);
  // Token IDF of the differing spans: one sum per alignment, added last (a + b = b + a exactly, so
  // the features are the same both ways round).
  const needDiff =
    wanted(want, DIFF_RARITY) || wanted(want, DIFF_IDF_SHARE) || (edits && wanted(want, ADDED_IDF_SHARE));
  let diffSum = 0;
  let diffCount = 0;
  if (needDiff) {
    diffTokenIdf(a, b, ab, stats, diffAcc, 0);
    diffTokenIdf(b, a, ba, stats, diffAcc, 2);
    diffSum = diffAcc[0] + diffAcc[2];
    diffCount = diffAcc[1] + diffAcc[3];
  }
  const la = a.tTo - a.tFrom;
  const lb = b.tTo - b.tFrom;
  const stageFires =
    r.stage &&
    (wanted(want, STAGE) || wanted(want, STAGE_BOTH)) &&
    (changesStage(a, b, ab) || changesStage(b, a, ba));
  const stageOneSide = stageFires && stageWords(a) !== stageWords(b);
  let k = 0;
  out[k++] = similarity;
  out[k++] = union > 0 ? w[2] / union : 0;
  out[k++] = Math.min(w[0], w[1]) > 0 ? w[2] / Math.min(w[0], w[1]) : 0;
  out[k++] = w[3] > 0 ? w[4] / w[3] : 0;
  out[k++] = diffCount > 0 ? diffSum / diffCount / lnDocs : 0;
  out[k++] = bool(edits);
  out[k++] = bool(firstReplaced(ab) || firstReplaced(ba));
  out[k++] = bool(lastReplaced(ab) || lastReplaced(ba));
  out[k++] = wanted(want, DIFF_SPANS)
    ? Math.min(MAX_SPANS, Math.max(nonEqual(ab), nonEqual(ba))) / MAX_SPANS
    : 0;
  out[k++] = Math.min(la, lb) / Math.max(la, lb, 1);
  const shortSide = Math.min(1, Math.min(la, lb) / SHORT_TOKENS);
  out[k++] = shortSide;
  out[k++] = bool(edits) * (1 - shortSide);
  out[k++] = bool(numbersChanged);
  out[k++] = bool(
    r.numbers && wanted(want, NUMBER_ADDED) && !altered && (addsNumber(a, b, ab) || addsNumber(b, a, ba)),
  );
  out[k++] = bool(
    r.substitution &&
      wanted(want, SUBSTITUTION) &&
      (substitutesEntity(a, b, ab) || substitutesEntity(b, a, ba)),
  );
  out[k++] = bool(
    r.substitution && wanted(want, TAIL_ENTITY) && (tailEntity(a, b, ab) || tailEntity(b, a, ba)),
  );
  out[k++] = bool(
    r.negation && wanted(want, NEGATION_AT) && (insertsNegation(a, b, ab) || insertsNegation(b, a, ba)),
  );
  out[k++] = bool(stageOneSide);
  out[k++] = bool(stageFires && !stageOneSide);
  out[k++] = bool(
    r.extension && wanted(want, EXTENSION) && (extendsTopic(a, b, ab) || extendsTopic(b, a, ba)),
  );
  const dated = r.dateWindowDays > 0 && !Number.isNaN(gapMs);
  out[k++] = dated ? Math.min(1, Math.max(0, gapMs) / (r.dateWindowDays * DAY_MS)) : 0;
  out[k++] = bool(
    dated &&
      gapMs > 0 &&
      wanted(want, DAILY_REPORTS) &&
      reportsDay(a.tokens, a.tFrom, a.tTo) &&
      reportsDay(b.tokens, b.tFrom, b.tTo),
  );
  out[k++] = bool(similarity < r.threshold && !edits);
  // The mean of the two alignments' sums: the differing tokens' IDF, whichever way round.
  const diff = diffSum / 2;
  const addedShare = edits && wanted(want, ADDED_IDF_SHARE);
  const wantShare = wanted(want, DIFF_IDF_SHARE);
  const ta = addedShare || wantShare ? tokenMass(a, stats, lnDocs) : 0;
  const tb = addedShare || wantShare ? tokenMass(b, stats, lnDocs) : 0;
  out[k++] = addedShare ? Math.min(1, diff / Math.max(1e-9, Math.min(ta, tb))) : 0;
  out[k++] = wantShare && ta + tb > 0 ? diff / (ta + tb) : 0;
  out[k++] = similarity * similarity;
  if (
    SPAN_KIND_FEATURES.some((f) => wanted(want, at(f))) ||
    wanted(want, TAIL_ON_SHORT) ||
    wanted(want, HEAD_ON_SHORT) ||
    wanted(want, NOUN_EXTENSION)
  )
    spanKinds(a, b, ab, ba, out, SPAN_KINDS_AT);
  else out.fill(0, SPAN_KINDS_AT, SPAN_KINDS_AT + SPAN_KIND_FEATURES.length);
  out[TAIL_ON_SHORT] = out[ADDED_TAIL] * (1 - shortSide);
  out[HEAD_ON_SHORT] = out[ADDED_HEAD] * (1 - shortSide);
  out[TAIL_REPHRASED_ON_LONG] = out[REPLACE_TAIL] * shortSide;
  out[SHARED_RAREST] = sharedRarest(w[5], lnDocs, stats.pairCounted ?? 0);
  // Words only added at the tail (addedTail, from spanKinds above, which runs when this is wanted).
  // Words that only greet or react (快乐, 好甜) are a closed class the noun test must not read:
  // 快乐 follows 的 ten times as often as it takes 了, yet 妇女节快乐 is the same day.
  out[NOUN_EXTENSION] = bool(
    r.extension &&
      wanted(want, NOUN_EXTENSION) &&
      out[ADDED_TAIL] === 1 &&
      out[GREETING_ONLY] === 0 &&
      nounExtension(a, b, ab),
  );
  return out;
}
