/**
 * Options for every entry point, with their defaults, validated once at the boundary by
 * `resolveOptions`. Everything downstream takes the resolved object and trusts it.
 */
import { chooseBands } from '../sketch/lsh.js';
import { NO_VALUE, optionError } from './option-errors.js';
import { checkOptionKeys } from './option-keys.js';
import type { OptionKey } from './option-flags.js';
import type { ShingleParams } from '../text/shingle.js';
import { sameParams } from '../verify/corpus-stats.js';
import type { DecisionMode, RuleOptions } from '../verify/decide.js';
import { Model, type ModelWeights } from '../verify/model.js';

export type CanonicalPolicy = 'first' | 'earliest' | 'longest';

/** The headline rules (see `src/verify/decide.ts`); each can be switched off. */
export const RULE_NAMES = [
  'tags',
  'date-gap',
  'numbers',
  'substitution',
  'negation',
  'stage',
  'extension',
  'edits',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];
export const CANONICAL_POLICIES: readonly CanonicalPolicy[] = ['first', 'earliest', 'longest'];

/**
 * How verified pairs become clusters: `star` removes an item only as a verified duplicate of the
 * item kept in its place; `components` joins every chain of pairs (story threads), so a removed
 * item may be no duplicate of the kept one.
 */
export type Linkage = 'star' | 'components';
export const LINKAGES: readonly Linkage[] = ['star', 'components'];

/** Options of `dedup` and `similarity`. Every field is optional. */
export interface DedupOptions {
  /** Items with similarity ≥ threshold are duplicates. @default 0.5 */
  threshold?: number;
  /** Tokens per shingle (a CJK character or a Latin/digit word is one token). @default 2 */
  ngram?: number;
  /** MinHash permutations. @default 128 */
  perms?: number;
  /** Seed of every hash; the same seed gives the same signatures everywhere. @default 1 */
  seed?: number;
  /** LSH bands; chosen from threshold and perms when omitted (see `chooseBands`). */
  bands?: number;
  /** Rows per band; chosen with `bands` when omitted. */
  rows?: number;
  /** Fold Traditional Chinese to Simplified before comparing. @default true */
  foldScript?: boolean;
  /** Which member of a cluster is kept (and the order star clustering walks items in). @default 'first' */
  canonical?: CanonicalPolicy;
  /** `star`: every removed item is a verified duplicate of its kept item; `components`: chains join (see Linkage). @default 'star' */
  linkage?: Linkage;
  /** Check every LSH candidate by exact Jaccard; off reproduces plain MinHash-LSH. @default true */
  verify?: boolean;
  /**
   * LSH buckets larger than this are compared only along a chain, and counted; in `NearDupIndex`,
   * at most this many candidates (those sharing the most bands) are verified per check. @default 2000
   */
  maxBucket?: number;
  /** Items per batch handed to a worker. @default 4096 */
  batchSize?: number;
  /** Headline rules to switch off, e.g. `['substitution']`. @default [] (all on) */
  disableRules?: readonly RuleName[];
  /** With the date-gap rule: items dated more than this many days apart are different items. @default 7 */
  dateWindowDays?: number;
  /**
   * Which field decides, for items with a body: `title` (headlines only), `body`, `either` or
   * `both`. Bodies are shingled, signed and banded only when this is not `title`. @default 'title'
   */
  match?: MatchMode;
  /** Body similarity (char n-gram Jaccard) at or above which bodies are duplicates. @default 0.8 */
  bodyThreshold?: number;
  /** Characters per body shingle. @default 5 */
  bodyNgram?: number;
  /** Also call bodies duplicates when one contains the other: |A∩B|/min(|A|,|B|) ≥ bodyThreshold. @default false */
  containment?: boolean;
  /**
   * How a candidate pair is decided: `rules` (shingle Jaccard, then the headline rules veto) or
   * `model` (the rules, IDF-weighted overlaps and the shape of the differences are features of a
   * logistic regression; see README, Accuracy). @default 'model'
   */
  decision?: DecisionMode;
  /** With `decision: 'model'`: the probability at or above which a pair is a duplicate. @default the model's (data/model-weights.json) */
  cutoff?: number;
  /** Body signatures: densified one-permutation hashing (O(n + k)) or classic k permutations (O(n·k)). @default 'oph' */
  bodyKernel?: 'oph' | 'classic';
  /**
   * With `decision: 'model'`: pairs from this probability up to the cut-off (and, from it up at any
   * probability, pairs a veto keeps for review: a noun added to a short topic) are possible
   * duplicates: kept, and reported for a reader (`possibleOf`). 1 reports none. @default the
   * model's (data/model-weights.json), at most the cut-off in force
   */
  possibleCutoff?: number;
  /**
   * With `decision: 'model'`: fitted weights to decide with instead of the bundled ones (the
   * JSON a model file holds). @default the bundled model (data/model-weights.json)
   */
  model?: ModelWeights;
}

export type MatchMode = 'title' | 'body' | 'either' | 'both';
export const MATCH_MODES: readonly MatchMode[] = ['title', 'body', 'either', 'both'];

export interface ResolvedOptions {
  threshold: number;
  ngram: number;
  perms: number;
  seed: number;
  bands: number;
  rows: number;
  foldScript: boolean;
  canonical: CanonicalPolicy;
  linkage: Linkage;
  verify: boolean;
  maxBucket: number;
  batchSize: number;
  rules: Record<RuleName, boolean>;
  dateWindowDays: number;
  match: MatchMode;
  bodyThreshold: number;
  bodyNgram: number;
  containment: boolean;
  bodyKernel: 'oph' | 'classic';
  decision: DecisionMode;
  /** Undefined: the model's own cut-off. */
  cutoff: number | undefined;
  /** Undefined: the model's own, at most the cut-off. */
  possibleCutoff: number | undefined;
  /** Undefined: the bundled model. */
  model: ModelWeights | undefined;
  /** LSH bands and rows for body signatures (chosen from bodyThreshold, or 0.5 with containment). */
  bodyBands: number;
  bodyRows: number;
}

/**
 * Every option's default. `bands` and `rows` are chosen from `threshold` and `perms` (see
 * `chooseBands`), and `cutoff` is the model's own (data/model-weights.json), so neither is here.
 */
export const DEFAULTS = Object.freeze({
  threshold: 0.5,
  ngram: 2,
  perms: 128,
  seed: 1,
  foldScript: true,
  canonical: 'first' as CanonicalPolicy,
  linkage: 'star' as Linkage,
  verify: true,
  maxBucket: 2000,
  batchSize: 4096,
  disableRules: Object.freeze([]) as readonly RuleName[],
  dateWindowDays: 7,
  match: 'title' as MatchMode,
  bodyThreshold: 0.8,
  bodyNgram: 5,
  containment: false,
  decision: 'model' as DecisionMode,
  bodyKernel: 'oph' as 'oph' | 'classic',
});

function integer(name: OptionKey, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw optionError(TypeError, name, value, () => 'must be a number');
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw optionError(RangeError, name, value, () => `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function boolean(name: OptionKey, value: unknown): boolean {
  if (typeof value !== 'boolean') throw optionError(TypeError, name, value, () => 'must be true or false');
  return value;
}

function oneOf<T>(name: OptionKey, value: T, choices: readonly T[]): T {
  if (!choices.includes(value))
    throw optionError(RangeError, name, value, () => `must be one of ${choices.join(', ')}`);
  return value;
}

/**
 * Fills defaults and validates; errors name the option, the rule and what was given (and carry
 * the flag's wording for the CLI, see `option-errors.ts`). A key that is no option is an error
 * with the closest one (`option-keys.ts`).
 * @example resolveOptions({ threshold: 0.6 }).bands // chosen for 0.6 and 128 permutations
 */
export function resolveOptions(options: DedupOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  checkOptionKeys(options);
  const threshold = options.threshold ?? DEFAULTS.threshold;
  const inUnit = () => 'must be a number in (0, 1]';
  if (typeof threshold !== 'number' || Number.isNaN(threshold))
    throw optionError(TypeError, 'threshold', threshold, inUnit);
  if (!(threshold > 0 && threshold <= 1)) throw optionError(RangeError, 'threshold', threshold, inUnit);
  const ngram = integer('ngram', options.ngram ?? DEFAULTS.ngram, 1, 16);
  const perms = integer('perms', options.perms ?? DEFAULTS.perms, 1, 1024);
  const seed = integer('seed', options.seed ?? DEFAULTS.seed, 0, 0xffffffff);
  const canonical = oneOf('canonical', options.canonical ?? DEFAULTS.canonical, CANONICAL_POLICIES);
  const linkage = oneOf('linkage', options.linkage ?? DEFAULTS.linkage, LINKAGES);
  let bands: number;
  let rows: number;
  if (options.bands === undefined && options.rows === undefined) {
    ({ bands, rows } = chooseBands(threshold, perms));
  } else if (options.bands === undefined || options.rows === undefined) {
    throw optionError(
      RangeError,
      options.bands === undefined ? 'rows' : 'bands',
      NO_VALUE,
      (n) =>
        `and ${n.name(options.bands === undefined ? 'bands' : 'rows')} go together: give both, or neither to have them chosen from the threshold`,
    );
  } else {
    bands = integer('bands', options.bands, 1, perms);
    rows = integer('rows', options.rows, 1, perms);
    if (bands * rows > perms) {
      throw optionError(
        RangeError,
        'bands',
        NO_VALUE,
        (n) =>
          `× ${n.name('rows')} must be at most ${n.name('perms')} (${perms}); got ${bands} × ${rows} = ${bands * rows}`,
      );
    }
  }
  const disabled = options.disableRules ?? DEFAULTS.disableRules;
  if (!Array.isArray(disabled))
    throw optionError(
      TypeError,
      'disableRules',
      disabled,
      () => `must be an array of rule names (${RULE_NAMES.join(', ')})`,
    );
  for (const r of disabled) {
    if (!RULE_NAMES.includes(r))
      throw optionError(RangeError, 'disableRules', r, () => `must name rules from ${RULE_NAMES.join(', ')}`);
  }
  const rules = Object.fromEntries(RULE_NAMES.map((r) => [r, !disabled.includes(r)])) as Record<
    RuleName,
    boolean
  >;
  const dateWindowDays = options.dateWindowDays ?? DEFAULTS.dateWindowDays;
  if (typeof dateWindowDays !== 'number' || !(dateWindowDays > 0)) {
    throw optionError(
      RangeError,
      'dateWindowDays',
      dateWindowDays,
      () => 'must be a number of days > 0',
      (n) => `switch the rule off with ${n.setting('disableRules', ['date-gap'])}`,
    );
  }
  return {
    threshold,
    ngram,
    perms,
    seed,
    bands,
    rows,
    foldScript: boolean('foldScript', options.foldScript ?? DEFAULTS.foldScript),
    canonical,
    linkage,
    verify: boolean('verify', options.verify ?? DEFAULTS.verify),
    maxBucket: integer('maxBucket', options.maxBucket ?? DEFAULTS.maxBucket, 2, 1_000_000),
    batchSize: integer('batchSize', options.batchSize ?? DEFAULTS.batchSize, 1, 1_000_000),
    rules,
    dateWindowDays,
    ...decisionOptions(options),
    ...bodyOptions(options, perms),
  };
}

export const DECISION_MODES: readonly DecisionMode[] = ['rules', 'model'];

function decisionOptions(options: DedupOptions): {
  decision: DecisionMode;
  cutoff: number | undefined;
  possibleCutoff: number | undefined;
  model: ModelWeights | undefined;
} {
  const decision = oneOf('decision', options.decision ?? DEFAULTS.decision, DECISION_MODES);
  const cutoff = options.cutoff;
  if (cutoff !== undefined) {
    const probability = () => 'must be a probability in (0, 1)';
    if (typeof cutoff !== 'number' || Number.isNaN(cutoff))
      throw optionError(TypeError, 'cutoff', cutoff, probability);
    if (!(cutoff > 0 && cutoff < 1)) throw optionError(RangeError, 'cutoff', cutoff, probability);
  }
  const possibleCutoff = options.possibleCutoff;
  if (possibleCutoff !== undefined) {
    const probability = () => 'must be a probability in (0, 1] (1: report no possible duplicates)';
    if (typeof possibleCutoff !== 'number' || Number.isNaN(possibleCutoff))
      throw optionError(TypeError, 'possibleCutoff', possibleCutoff, probability);
    if (!(possibleCutoff > 0 && possibleCutoff <= 1))
      throw optionError(RangeError, 'possibleCutoff', possibleCutoff, probability);
  }
  const model = options.model;
  if (model !== undefined) {
    if (model === null || typeof model !== 'object')
      throw optionError(TypeError, 'model', model, () => 'must be model weights (the JSON of a model file)');
    try {
      new Model(model);
    } catch (e) {
      throw optionError(RangeError, 'model', NO_VALUE, () => `is not usable: ${(e as Error).message}`);
    }
  }
  return { decision, cutoff, possibleCutoff, model };
}

/** Whether bodies are shingled, signed and banded under these options. */
export function usesBodies(match: MatchMode): boolean {
  return match !== 'title';
}

function bodyOptions(options: DedupOptions, perms: number) {
  const match = oneOf('match', options.match ?? DEFAULTS.match, MATCH_MODES);
  const bodyThreshold = options.bodyThreshold ?? DEFAULTS.bodyThreshold;
  if (typeof bodyThreshold !== 'number' || !(bodyThreshold > 0 && bodyThreshold <= 1)) {
    throw optionError(RangeError, 'bodyThreshold', bodyThreshold, () => 'must be a number in (0, 1]');
  }
  const containment = boolean('containment', options.containment ?? DEFAULTS.containment);
  const bodyKernel = oneOf('bodyKernel', options.bodyKernel ?? DEFAULTS.bodyKernel, [
    'oph',
    'classic',
  ] as const);
  // The power-of-two rule is the body kernel's: a title-only run signs no body, so any perms do.
  if (
    usesBodies(match) &&
    bodyKernel === 'oph' &&
    !(perms >= 16 && perms <= 65536 && (perms & (perms - 1)) === 0)
  ) {
    throw optionError(
      RangeError,
      'perms',
      perms,
      () => 'must be a power of two (16 … 65536) for one-permutation body signatures',
      (n) => `or use ${n.setting('bodyKernel', 'classic')}`,
    );
  }
  // Containment pairs can have a low Jaccard (a short article inside a long one): band for 0.5.
  const { bands: bodyBands, rows: bodyRows } = chooseBands(
    containment ? Math.min(0.5, bodyThreshold) : bodyThreshold,
    perms,
  );
  return {
    match,
    bodyThreshold,
    bodyNgram: integer('bodyNgram', options.bodyNgram ?? DEFAULTS.bodyNgram, 1, 32),
    containment,
    bodyKernel,
    bodyBands,
    bodyRows,
  };
}

/** The rule options `decide` takes, from resolved options. */
export function ruleOptions(o: ResolvedOptions): RuleOptions {
  return {
    threshold: o.threshold,
    edits: o.rules.edits,
    dateWindowDays: o.rules['date-gap'] ? o.dateWindowDays : 0,
    numbers: o.rules.numbers,
    substitution: o.rules.substitution,
    negation: o.rules.negation,
    stage: o.rules.stage,
    extension: o.rules.extension,
    decision: o.decision,
    ...(o.cutoff !== undefined && { cutoff: o.cutoff }),
    ...(o.possibleCutoff !== undefined && { possibleCutoff: o.possibleCutoff }),
    ...(o.model !== undefined && { model: o.model }),
    corpusStats: sameParams(shingleParams(o), TABLE_PARAMS) ? 'bundled' : 'uniform',
  };
}

/** The shingle parameters the bundled document-frequency table was counted with (the defaults). */
const TABLE_PARAMS = { ngram: 2, seed: 1, foldScript: true, stripTags: true };

/** The shingle parameters of resolved options. */
export function shingleParams(o: ResolvedOptions): ShingleParams {
  return { ngram: o.ngram, foldScript: o.foldScript, seed: o.seed, stripTags: o.rules.tags };
}
