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
import { addsNumber, altersNumber, digitsDisagree, extendsTopic, insertsNegation, changesStage, replacesNumber, STAGE_WORDS, substitutesEntity, onlyEdits } from './span-rules.js';
import { spanText } from './span-text.js';

export interface FeatureInfo {
  name: string;
  /** The rule (or kind of evidence) a feature stands for, as `Decision.rule` names it. */
  evidence: DecisionRule;
  /** What it measures, for `neardup explain` and the README. */
  about: string;
}

/**
 * Every feature the decision can use, in the order `pairFeatures` writes them. The model's
 * weights file names the ones it kept.
 */
export const FEATURES: readonly FeatureInfo[] = [
  { name: 'jaccard', evidence: 'similar', about: 'Jaccard similarity of the shingle sets' },
  { name: 'idfJaccard', evidence: 'similar', about: 'Jaccard with each shingle weighted by its IDF in the corpus' },
  { name: 'idfContainment', evidence: 'similar', about: 'IDF weight of the shared shingles over the lighter headline’s' },
  { name: 'commonShared', evidence: 'template', about: 'share of the shared shingles that are common in the corpus (a template frame)' },
  { name: 'diffRarity', evidence: 'template', about: 'mean IDF of the differing tokens over ln N (a rare slot filler: a name)' },
  { name: 'onlyEdits', evidence: 'edits', about: 'words only added or dropped, nothing replaced' },
  { name: 'replaceHead', evidence: 'substitution', about: 'the first tokens are replaced (a different subject in a frame)' },
  { name: 'replaceTail', evidence: 'similar', about: 'the last tokens are replaced (a rephrased tail)' },
  { name: 'diffSpans', evidence: 'below-threshold', about: 'differing spans (1 each, up to 4, over 4): several for a reorder' },
  { name: 'lengthRatio', evidence: 'extension', about: 'shorter headline’s tokens over the longer’s' },
  { name: 'shortSide', evidence: 'extension', about: 'tokens of the shorter headline over 16, at most 1 (a bare topic is short)' },
  { name: 'editsOnShort', evidence: 'extension', about: 'words only added to a short headline (a hot-search topic made a narrower story)' },
  { name: 'numbersChanged', evidence: 'numbers', about: 'numbers rule: digits disagree both ways, or a number replaced or altered (第三十[二]次)' },
  { name: 'numberAdded', evidence: 'numbers', about: 'numbers rule: one side adds a number (a part, an episode, a range)' },
  { name: 'substitution', evidence: 'substitution', about: 'substitution rule: a replaced span other than the tail names an entity on both sides' },
  { name: 'tailEntity', evidence: 'substitution', about: 'a replaced tail names an entity on both sides (the rule exempts tails)' },
  { name: 'negation', evidence: 'negation', about: 'negation rule: one side adds a negation, modality or question word' },
  { name: 'stage', evidence: 'stage', about: 'stage rule fires and the stage word is in one headline only' },
  { name: 'stageBoth', evidence: 'stage', about: 'stage rule fires but both headlines have the word (a reorder)' },
  { name: 'extension', evidence: 'extension', about: 'extension rule: a bare topic the other extends after its first word' },
  { name: 'dateGap', evidence: 'date-gap', about: 'days between the two dates over the window (0 when either is undated)' },
  { name: 'dailyReports', evidence: 'date-gap', about: 'both are daily reports (新增, 今日 …) on different days' },
  { name: 'replacedBelow', evidence: 'below-threshold', about: 'below the threshold with a replaced span (a paraphrase or another item on a template)' },
  { name: 'addedIdfShare', evidence: 'extension', about: 'words only added: their token IDF over the shorter headline’s, at most 1 (a new clause, not a tag)' },
  { name: 'diffIdfShare', evidence: 'template', about: 'token IDF of the differing spans over both headlines’ (the slot against the frame)' },
  { name: 'jaccardSq', evidence: 'similar', about: 'Jaccard similarity squared (lets the log-odds bend with overlap)' },
];

export const FEATURE_COUNT = FEATURES.length;
export const FEATURE_INDEX: ReadonlyMap<string, number> = new Map(FEATURES.map((f, i) => [f.name, i]));

const NUMBERS_CHANGED = FEATURE_INDEX.get('numbersChanged')!;
const DIFF_RARITY = FEATURE_INDEX.get('diffRarity')!;
const TAIL_ENTITY = FEATURE_INDEX.get('tailEntity')!;

/** What a caller needs of `pairFeatures`, so that it computes no more (a model's features and vetoes). */
export interface FeatureUse {
  /** 1 for each feature (FEATURES order) to compute; the costlier others read 0. */
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

interface Weights {
  a: number;
  b: number;
  shared: number;
  sharedCount: number;
  commonShared: number;
}

/** IDF sums of a's, b's and the shared shingles, by a merge of the sorted hashes. */
function idfSums(a: ItemView, b: ItemView, stats: CorpusStats, commonIdf: number): Weights {
  const x = a.shingles;
  const y = b.shingles;
  let i = a.sFrom;
  let j = b.sFrom;
  const w: Weights = { a: 0, b: 0, shared: 0, sharedCount: 0, commonShared: 0 };
  while (i < a.sTo && j < b.sTo) {
    if (x[i] === y[j]) {
      const v = stats.idf(x[i]);
      w.a += v;
      w.b += v;
      w.shared += v;
      w.sharedCount++;
      if (v < commonIdf) w.commonShared++;
      i++;
      j++;
    } else if (x[i] < y[j]) w.a += stats.idf(x[i++]);
    else w.b += stats.idf(y[j++]);
  }
  while (i < a.sTo) w.a += stats.idf(x[i++]);
  while (j < b.sTo) w.b += stats.idf(y[j++]);
  return w;
}

/** Sum and count of the token IDFs of the differing spans. */
function diffTokenIdf(a: ItemView, b: ItemView, spans: readonly Span[], stats: CorpusStats, acc: [number, number]): void {
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    for (let k = s.aFrom; k < s.aTo; k++) (acc[0] += stats.tokenIdf(a.tokens[a.tFrom + k]), acc[1]++);
    for (let k = s.bFrom; k < s.bTo; k++) (acc[0] += stats.tokenIdf(b.tokens[b.tFrom + k]), acc[1]++);
  }
}

/** Token IDF of a whole headline. */
function tokenIdfSum(v: ItemView, stats: CorpusStats): number {
  let s = 0;
  for (let k = v.tFrom; k < v.tTo; k++) s += stats.tokenIdf(v.tokens[k]);
  return s;
}

/** Token IDF of the differing tokens (both sides) under one alignment. */
function diffIdf(a: ItemView, b: ItemView, spans: readonly Span[], stats: CorpusStats): number {
  let sum = 0;
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    for (let k = s.aFrom; k < s.aTo; k++) sum += stats.tokenIdf(a.tokens[a.tFrom + k]);
    for (let k = s.bFrom; k < s.bTo; k++) sum += stats.tokenIdf(b.tokens[b.tFrom + k]);
  }
  return sum;
}

function tailEntity(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const last = spans[spans.length - 1];
  return last !== undefined && last.kind === 'replace' && replacesEntity(a, last.aFrom, last.aTo, b, last.bFrom, last.bTo);
}

/** The stage words in a whole headline, as a bit set over STAGE_WORDS. */
function stageWords(v: ItemView): number {
  const text = spanText(v, 0, v.tTo - v.tFrom);
  let bits = 0;
  for (let k = 0; k < STAGE_WORDS.length; k++) if (text.includes(STAGE_WORDS[k])) bits |= 1 << k;
  return bits;
}

const nonEqual = (spans: readonly Span[]) => spans.reduce((n, s) => n + (s.kind === 'equal' ? 0 : 1), 0);

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
  const want = (name: number) => use === undefined || use.want[name] === 1;
  // A changed number first: where it vetoes, nothing else need be computed.
  const altered = r.numbers && (altersNumber(a, b, ab) || altersNumber(b, a, ba));
  const numbersChanged = r.numbers && (altered || (use?.digitsAgree !== true && digitsDisagree(a, b)) || replacesNumber(a, b, ab) || replacesNumber(b, a, ba));
  if (numbersChanged && use?.numbersVeto === true) {
    out.fill(0);
    out[NUMBERS_CHANGED] = 1;
    return out;
  }
  const w = idfSums(a, b, stats, lnDocs - Math.log(COMMON_DF));
  const union = w.a + w.b - w.shared;
  // One sum per alignment, added last: a + b = b + a exactly, so the mean is the same both ways round.
  const acc: [number, number] = [0, 0];
  const acc2: [number, number] = [0, 0];
  if (want(DIFF_RARITY)) {
    diffTokenIdf(a, b, ab, stats, acc);
    diffTokenIdf(b, a, ba, stats, acc2);
  }
  acc[0] += acc2[0];
  acc[1] += acc2[1];
  const la = a.tTo - a.tFrom;
  const lb = b.tTo - b.tFrom;
  const firstReplaced = (s: readonly Span[]) => s.length > 0 && s[0].kind === 'replace';
  const lastReplaced = (s: readonly Span[]) => s.length > 0 && s[s.length - 1].kind === 'replace';
  const stageFires = r.stage && (changesStage(a, b, ab) || changesStage(b, a, ba));
  const stageOneSide = stageFires && stageWords(a) !== stageWords(b);
  const bool = (x: boolean) => (x ? 1 : 0);
  let k = 0;
  out[k++] = similarity;
  out[k++] = union > 0 ? w.shared / union : 0;
  out[k++] = Math.min(w.a, w.b) > 0 ? w.shared / Math.min(w.a, w.b) : 0;
  out[k++] = w.sharedCount > 0 ? w.commonShared / w.sharedCount : 0;
  out[k++] = acc[1] > 0 ? acc[0] / acc[1] / lnDocs : 0;
  out[k++] = bool(onlyEdits(ab) && onlyEdits(ba));
  out[k++] = bool(firstReplaced(ab) || firstReplaced(ba));
  out[k++] = bool(lastReplaced(ab) || lastReplaced(ba));
  out[k++] = Math.min(MAX_SPANS, Math.max(nonEqual(ab), nonEqual(ba))) / MAX_SPANS;
  out[k++] = Math.min(la, lb) / Math.max(la, lb, 1);
  const shortSide = Math.min(1, Math.min(la, lb) / SHORT_TOKENS);
  out[k++] = shortSide;
  out[k++] = out[5] * (1 - shortSide);
  out[k++] = bool(numbersChanged);
  out[k++] = bool(r.numbers && !altered && (addsNumber(a, b, ab) || addsNumber(b, a, ba)));
  out[k++] = bool(r.substitution && (substitutesEntity(a, b, ab) || substitutesEntity(b, a, ba)));
  out[k++] = bool(r.substitution && want(TAIL_ENTITY) && (tailEntity(a, b, ab) || tailEntity(b, a, ba)));
  out[k++] = bool(r.negation && (insertsNegation(a, b, ab) || insertsNegation(b, a, ba)));
  out[k++] = bool(stageOneSide);
  out[k++] = bool(stageFires && !stageOneSide);
  out[k++] = bool(r.extension && (extendsTopic(a, b, ab) || extendsTopic(b, a, ba)));
  const dated = r.dateWindowDays > 0 && !Number.isNaN(gapMs);
  out[k++] = dated ? Math.min(1, Math.max(0, gapMs) / (r.dateWindowDays * DAY_MS)) : 0;
  out[k++] = bool(dated && gapMs > 0 && reportsDay(a.tokens, a.tFrom, a.tTo) && reportsDay(b.tokens, b.tFrom, b.tTo));
  const edits = out[5] === 1;
  out[k++] = bool(similarity < r.threshold && !edits);
  const ta = tokenIdfSum(a, stats);
  const tb = tokenIdfSum(b, stats);
  // Each alignment's sum on its own, added last, so that the mean is the same both ways round.
  const diff = (diffIdf(a, b, ab, stats) + diffIdf(b, a, ba, stats)) / 2;
  out[k++] = edits ? Math.min(1, diff / Math.max(1e-9, Math.min(ta, tb))) : 0;
  out[k++] = ta + tb > 0 ? diff / (ta + tb) : 0;
  out[k++] = similarity * similarity;
  return out;
}
