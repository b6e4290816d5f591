/**
 * The flags every command that compares texts shares (threshold, shingles, bands, rules), and
 * their translation to library options, so `dedup`, `pairs`, `explain`, `bench` and the index
 * commands take the same flags with the same meaning.
 */
import { Command, Option } from 'commander';
import { DEFAULTS, RULE_NAMES, type DedupOptions, type RuleName } from '../options.js';
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
}

/** Adds the engine flags to a command. */
export function addEngineFlags(cmd: Command): Command {
  return cmd
    .option('--threshold <t>', `similarity at or above which texts are duplicates (default: ${DEFAULTS.threshold})`, parseNumber('--threshold'))
    .option('--ngram <n>', `tokens per shingle (default: ${DEFAULTS.ngram})`, parseInteger('--ngram', 1))
    .option('--perms <k>', `MinHash permutations (default: ${DEFAULTS.perms})`, parseInteger('--perms', 1))
    .option('--seed <s>', `hash seed (default: ${DEFAULTS.seed})`, parseInteger('--seed', 0))
    .option('--bands <b>', 'LSH bands (default: chosen from --threshold and --perms)', parseInteger('--bands', 1))
    .option('--rows <r>', 'LSH rows per band (with --bands)', parseInteger('--rows', 1))
    .option('--no-fold', 'do not fold Traditional Chinese to Simplified')
    .option('--no-verify', 'keep LSH candidates without checking them (plain MinHash-LSH, no rules)')
    .addOption(
      new Option('--disable-rule <rule...>', 'switch headline rules off (repeatable)').choices([...RULE_NAMES]),
    )
    .option('--date-window <days>', `dated items further apart than this are different items (default: ${DEFAULTS.dateWindowDays})`, parseNumber('--date-window'))
    .option('--batch-size <n>', `records per worker batch (default: ${DEFAULTS.batchSize})`, parseInteger('--batch-size', 1));
}

/** Library options from engine flags (validated by resolveOptions, which names the option). */
export function engineOptions(flags: EngineFlags & { canonical?: DedupOptions['canonical'] }): DedupOptions {
  return {
    threshold: flags.threshold,
    ngram: flags.ngram,
    perms: flags.perms,
    seed: flags.seed,
    bands: flags.bands,
    rows: flags.rows,
    canonical: flags.canonical,
    foldScript: flags.fold,
    verify: flags.verify,
    disableRules: flags.disableRule,
    dateWindowDays: flags.dateWindow,
    batchSize: flags.batchSize,
  };
}
