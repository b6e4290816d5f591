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
} from '../options.js';
import type { DecisionMode } from '../verify/decide.js';
import { OPTION_FLAGS as F, OPTION_KEYS, flagAttribute } from '../option-flags.js';
import { parseInteger, parseNumber } from './parse-args.js';

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
  /** From the input flags: a body field turns body matching on (match defaults to either). */
  bodyField?: string;
}

/** Adds the engine flags to a command. */
export function addEngineFlags(cmd: Command): Command {
  return cmd
    .option(
      `${F.threshold} <t>`,
      `similarity at or above which texts are duplicates (default: ${DEFAULTS.threshold})`,
      parseNumber(F.threshold),
    )
    .option(`${F.ngram} <n>`, `tokens per shingle (default: ${DEFAULTS.ngram})`, parseInteger(F.ngram, 1))
    .option(`${F.perms} <k>`, `MinHash permutations (default: ${DEFAULTS.perms})`, parseInteger(F.perms, 1))
    .option(`${F.seed} <s>`, `hash seed (default: ${DEFAULTS.seed})`, parseInteger(F.seed, 0))
    .option(
      `${F.bands} <b>`,
      'LSH bands (default: chosen from --threshold and --perms)',
      parseInteger(F.bands, 1),
    )
    .option(`${F.rows} <r>`, 'LSH rows per band (with --bands)', parseInteger(F.rows, 1))
    .option(F.foldScript, 'do not fold Traditional Chinese to Simplified')
    .option(F.verify, 'keep LSH candidates without checking them (plain MinHash-LSH, no rules)')
    .addOption(
      new Option(`${F.disableRules} <rule...>`, 'switch headline rules off (repeatable)').choices([
        ...RULE_NAMES,
      ]),
    )
    .addOption(
      new Option(
        `${F.decision} <how>`,
        `rules: the headline rules veto; model: they are features of a learned decision (default: ${DEFAULTS.decision})`,
      ).choices([...DECISION_MODES]),
    )
    .option(
      `${F.cutoff} <p>`,
      "with --decision model: the probability at or above which a pair is a duplicate (default: the model's)",
      parseNumber(F.cutoff),
    )
    .option(
      `${F.dateWindowDays} <days>`,
      `dated items further apart than this are different items (default: ${DEFAULTS.dateWindowDays})`,
      parseNumber(F.dateWindowDays),
    )
    .option(
      `${F.batchSize} <n>`,
      `records per worker batch (default: ${DEFAULTS.batchSize})`,
      parseInteger(F.batchSize, 1),
    )
    .option(
      `${F.maxBucket} <n>`,
      `LSH buckets larger than this are compared along a chain only (online: at most this many candidates verified per check, most-shared first), and counted (default: ${DEFAULTS.maxBucket})`,
      parseInteger(F.maxBucket, 2),
    )
    .option(
      '--title-threshold <t>',
      'the same as --threshold (titles), beside --body-threshold',
      parseNumber('--title-threshold'),
    )
    .addOption(
      new Option(`${F.match} <field>`, 'with --body-field: which decides (default: either)').choices([
        ...MATCH_MODES,
      ]),
    )
    .option(
      `${F.bodyThreshold} <t>`,
      `body similarity (char ${DEFAULTS.bodyNgram}-grams) at or above which bodies are duplicates (default: ${DEFAULTS.bodyThreshold})`,
      parseNumber(F.bodyThreshold),
    )
    .option(
      `${F.bodyNgram} <n>`,
      `characters per body shingle (default: ${DEFAULTS.bodyNgram})`,
      parseInteger(F.bodyNgram, 1),
    )
    .option(
      F.containment,
      'also call bodies duplicates when one contains the other (a reprint inside a longer article)',
    )
    .addOption(
      new Option(
        `${F.bodyKernel} <kernel>`,
        'body signatures: one-permutation hashing or k permutations (default: oph)',
      ).choices(['oph', 'classic']),
    );
}

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
