/**
 * The flags every command that compares texts shares (threshold, shingles, bands, rules), and
 * their translation to library options, so `dedup`, `pairs`, `explain`, `bench` and the index
 * commands take the same flags with the same meaning.
 */
import { type Command, Option } from 'commander';
import {
  DECISION_MODES,
  DEFAULTS,
  MATCH_MODES,
  RULE_NAMES,
  type DedupOptions,
  type MatchMode,
  type RuleName,
} from '../options/options.js';
import type { DecisionMode } from '../verify/decide.js';
import { OPTION_FLAGS as F, OPTION_KEYS, flagAttribute, type OptionKey } from '../options/option-flags.js';
import { parseInteger, parseModelFile, parseNumber } from './parse-args.js';
import type { ModelWeights } from '../verify/model.js';

export interface EngineFlags {
  threshold?: number;
  ngram?: number;
  perms?: number;
  seed?: number;
  bands?: number;
  rows?: number;
  fold: boolean;
  verify: boolean;
  disableRule?: RuleName[];
  dateWindow?: number;
  batchSize?: number;
  maxBucket?: number;
  titleThreshold?: number;
  match?: MatchMode;
  bodyThreshold?: number;
  bodyNgram?: number;
  containment?: boolean;
  bodyKernel?: 'oph' | 'classic';
  decision?: DecisionMode;
  cutoff?: number;
  possibleCutoff?: number;
  model?: ModelWeights;
  /** From the input flags: a body field turns body matching on (match defaults to either). */
  bodyField?: string;
}

/** One engine flag: the option it sets (its flag from the table), its argument, help and parsing. */
interface FlagSpec {
  /** The option, or a flag of the CLI's own that maps to one in `engineOptions`. */
  flag: OptionKey | '--title-threshold';
  /** The argument's name; none for a switch. */
  arg?: string;
  help: string;
  /** The help where one pair is decided (`explain`, `pairs`), when it differs from `help`. */
  pairHelp?: string;
  /** How the argument is read: a number, a whole number from `min`, or one of `choices`. */
  value?: 'number' | 'model' | { min: number } | { choices: readonly string[] };
}

/** The engine flags, in the order `--help` lists them. */
const ENGINE_FLAGS: readonly FlagSpec[] = [
  {
    flag: 'threshold',
    arg: 't',
    value: 'number',
    help: `similarity at or above which texts are duplicates (default: ${DEFAULTS.threshold})`,
  },
  { flag: 'ngram', arg: 'n', value: { min: 1 }, help: `tokens per shingle (default: ${DEFAULTS.ngram})` },
  { flag: 'perms', arg: 'k', value: { min: 1 }, help: `MinHash permutations (default: ${DEFAULTS.perms})` },
  { flag: 'seed', arg: 's', value: { min: 0 }, help: `hash seed (default: ${DEFAULTS.seed})` },
  {
    flag: 'bands',
    arg: 'b',
    value: { min: 1 },
    help: 'LSH bands (default: chosen from --threshold and --perms)',
  },
  { flag: 'rows', arg: 'r', value: { min: 1 }, help: 'LSH rows per band (with --bands)' },
  { flag: 'foldScript', help: 'do not fold Traditional Chinese to Simplified' },
  {
    flag: 'verify',
    help: 'keep LSH candidates without checking them (plain MinHash-LSH, no rules)',
    pairHelp: 'decide by shingle Jaccard ≥ --threshold alone (no rules, no learned decision)',
  },
  {
    flag: 'disableRules',
    arg: 'rule...',
    value: { choices: RULE_NAMES },
    help: 'switch headline rules off (repeatable)',
  },
  {
    flag: 'decision',
    arg: 'how',
    value: { choices: DECISION_MODES },
    help: `rules: the headline rules veto; model: they are features of a learned decision (default: ${DEFAULTS.decision})`,
  },
  {
    flag: 'cutoff',
    arg: 'p',
    value: 'number',
    help: "the learned decision's cut-off: the probability at or above which a pair is a duplicate (default: the model's)",
  },
  {
    flag: 'possibleCutoff',
    arg: 'p',
    value: 'number',
    help: "the learned decision's second tier: pairs from this probability up to the cut-off (and pairs from it up that a noun added to a short topic keeps from removal) are possible duplicates, kept and reported, never removed; 1 reports none (default: the model's, at most --cutoff)",
  },
  {
    flag: 'model',
    arg: 'file',
    value: 'model',
    help: 'decide with this model file instead of the bundled one (written by npm run train)',
  },
  {
    flag: 'dateWindowDays',
    arg: 'days',
    value: 'number',
    help: `dated items further apart than this are different items (default: ${DEFAULTS.dateWindowDays})`,
  },
  {
    flag: 'batchSize',
    arg: 'n',
    value: { min: 1 },
    help: `records per worker batch (default: ${DEFAULTS.batchSize})`,
  },
  {
    flag: 'maxBucket',
    arg: 'n',
    value: { min: 2 },
    help: `LSH buckets larger than this are compared along a chain only (online: at most this many candidates verified per check, most-shared first), and counted (default: ${DEFAULTS.maxBucket})`,
  },
  {
    flag: '--title-threshold',
    arg: 't',
    value: 'number',
    help: 'the same as --threshold (titles), beside --body-threshold',
  },
  {
    flag: 'match',
    arg: 'field',
    value: { choices: MATCH_MODES },
    help: 'with --body-field: which decides (default: either)',
  },
  {
    flag: 'bodyThreshold',
    arg: 't',
    value: 'number',
    help: `body similarity (char ${DEFAULTS.bodyNgram}-grams) at or above which bodies are duplicates (default: ${DEFAULTS.bodyThreshold})`,
  },
  {
    flag: 'bodyNgram',
    arg: 'n',
    value: { min: 1 },
    help: `characters per body shingle (default: ${DEFAULTS.bodyNgram})`,
  },
  {
    flag: 'containment',
    help: 'also call bodies duplicates when one contains the other (a reprint inside a longer article)',
  },
  {
    flag: 'bodyKernel',
    arg: 'kernel',
    value: { choices: ['oph', 'classic'] },
    help: `body signatures: one-permutation hashing or k permutations (default: ${DEFAULTS.bodyKernel})`,
  },
];

/** A commander option from a spec; a bad value is a usage error naming the flag. */
function engineOption(spec: FlagSpec, scope: 'corpus' | 'pair'): Option {
  const name = spec.flag.startsWith('--') ? spec.flag : F[spec.flag as OptionKey];
  const help = scope === 'pair' ? (spec.pairHelp ?? spec.help) : spec.help;
  const option = new Option(spec.arg ? `${name} <${spec.arg}>` : name, help);
  const v = spec.value;
  if (v === 'number') return option.argParser(parseNumber(name));
  if (v === 'model') return option.argParser(parseModelFile(name));
  if (v && 'min' in v) return option.argParser(parseInteger(name, v.min));
  if (v) return option.choices([...v.choices]);
  return option;
}

/**
 * The options one pair's decision reads (`compare`, `explain`, `pairs`): shingling, the rules and
 * the decision (its model file too). The rest set LSH banding, batching, bodies and the batch's
 * second tier, which a single pair never meets.
 * `seed` stays: it seeds the shingle hashes, and the bundled frequency table is used only with
 * the seed it was counted with.
 */
const PAIR_OPTIONS: ReadonlySet<FlagSpec['flag']> = new Set<FlagSpec['flag']>([
  'threshold',
  'ngram',
  'seed',
  'foldScript',
  'verify',
  'disableRules',
  'decision',
  'cutoff',
  'model',
  'dateWindowDays',
]);

/**
 * Adds the engine flags to a command. For `pair` commands (one pair at a time) only the flags
 * that change a pair's decision are listed in `--help`; the others are still accepted, as before,
 * so scripts that pass them keep working, and change nothing.
 */
export function addEngineFlags(cmd: Command, scope: 'corpus' | 'pair' = 'corpus'): Command {
  for (const spec of ENGINE_FLAGS) {
    const option = engineOption(spec, scope);
    cmd.addOption(scope === 'pair' && !PAIR_OPTIONS.has(spec.flag) ? option.hideHelp() : option);
  }
  return cmd;
}

/** The line a pair command's help ends with, saying where the hidden flags went. */
export const PAIR_FLAGS_NOTE =
  "dedup's LSH, batch, body and second-tier flags (--perms, --bands, --rows,\n" +
  '--batch-size, --max-bucket, --title-threshold, --match, --body-*, --containment,\n' +
  '--possible-cutoff) are accepted and change nothing for one pair.';

/**
 * Library options from engine flags, through the one flag table (`option-flags.ts`); validated by
 * resolveOptions, whose errors the CLI prints in the flags' words.
 */
export function engineOptions(
  flags: EngineFlags & { canonical?: DedupOptions['canonical']; linkage?: DedupOptions['linkage'] },
): DedupOptions {
  if (
    flags.threshold !== undefined &&
    flags.titleThreshold !== undefined &&
    flags.threshold !== flags.titleThreshold
  ) {
    throw new RangeError('--threshold and --title-threshold are the same setting; give one');
  }
  const match = flags.match ?? (flags.bodyField !== undefined ? 'either' : undefined);
  if (match !== undefined && match !== 'title' && flags.bodyField === undefined) {
    throw new RangeError(`--match ${match} compares bodies: name the body field with --body-field`);
  }
  const byFlag = flags as unknown as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) options[key] = byFlag[flagAttribute(F[key])];
  return { ...options, threshold: flags.threshold ?? flags.titleThreshold, match } as DedupOptions;
}
