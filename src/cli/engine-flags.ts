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
      '--threshold <t>',
      `similarity at or above which texts are duplicates (default: ${DEFAULTS.threshold})`,
      parseNumber('--threshold'),
    )
    .option('--ngram <n>', `tokens per shingle (default: ${DEFAULTS.ngram})`, parseInteger('--ngram', 1))
    .option('--perms <k>', `MinHash permutations (default: ${DEFAULTS.perms})`, parseInteger('--perms', 1))
    .option('--seed <s>', `hash seed (default: ${DEFAULTS.seed})`, parseInteger('--seed', 0))
    .option(
      '--bands <b>',
      'LSH bands (default: chosen from --threshold and --perms)',
      parseInteger('--bands', 1),
    )
    .option('--rows <r>', 'LSH rows per band (with --bands)', parseInteger('--rows', 1))
    .option('--no-fold', 'do not fold Traditional Chinese to Simplified')
    .option('--no-verify', 'keep LSH candidates without checking them (plain MinHash-LSH, no rules)')
    .addOption(
      new Option('--disable-rule <rule...>', 'switch headline rules off (repeatable)').choices([
        ...RULE_NAMES,
      ]),
    )
    .addOption(
      new Option(
        '--decision <how>',
        `rules: the headline rules veto; model: they are features of a learned decision (default: ${DEFAULTS.decision})`,
      ).choices([...DECISION_MODES]),
    )
    .option(
      '--cutoff <p>',
      "with --decision model: the probability at or above which a pair is a duplicate (default: the model's)",
      parseNumber('--cutoff'),
    )
    .option(
      '--date-window <days>',
      `dated items further apart than this are different items (default: ${DEFAULTS.dateWindowDays})`,
      parseNumber('--date-window'),
    )
    .option(
      '--batch-size <n>',
      `records per worker batch (default: ${DEFAULTS.batchSize})`,
      parseInteger('--batch-size', 1),
    )
    .option(
      '--max-bucket <n>',
      `LSH buckets larger than this are compared along a chain only (online: at most this many candidates verified per check, most-shared first), and counted (default: ${DEFAULTS.maxBucket})`,
      parseInteger('--max-bucket', 2),
    )
    .option(
      '--title-threshold <t>',
      'the same as --threshold (titles), beside --body-threshold',
      parseNumber('--title-threshold'),
    )
    .addOption(
      new Option('--match <field>', 'with --body-field: which decides (default: either)').choices([
        ...MATCH_MODES,
      ]),
    )
    .option(
      '--body-threshold <t>',
      `body similarity (char ${DEFAULTS.bodyNgram}-grams) at or above which bodies are duplicates (default: ${DEFAULTS.bodyThreshold})`,
      parseNumber('--body-threshold'),
    )
    .option(
      '--body-ngram <n>',
      `characters per body shingle (default: ${DEFAULTS.bodyNgram})`,
      parseInteger('--body-ngram', 1),
    )
    .option(
      '--containment',
      'also call bodies duplicates when one contains the other (a reprint inside a longer article)',
    )
    .addOption(
      new Option(
        '--body-kernel <kernel>',
        'body signatures: one-permutation hashing or k permutations (default: oph)',
      ).choices(['oph', 'classic']),
    );
}

/** Library options from engine flags (validated by resolveOptions, which names the option). */
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
  return {
    match,
    bodyThreshold: flags.bodyThreshold,
    bodyNgram: flags.bodyNgram,
    containment: flags.containment,
    bodyKernel: flags.bodyKernel,
    threshold: flags.threshold ?? flags.titleThreshold,
    ngram: flags.ngram,
    perms: flags.perms,
    seed: flags.seed,
    bands: flags.bands,
    rows: flags.rows,
    canonical: flags.canonical,
    linkage: flags.linkage,
    foldScript: flags.fold,
    verify: flags.verify,
    disableRules: flags.disableRule,
    dateWindowDays: flags.dateWindow,
    decision: flags.decision,
    cutoff: flags.cutoff,
    batchSize: flags.batchSize,
    maxBucket: flags.maxBucket,
  };
}
