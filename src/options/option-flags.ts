/**
 * The command-line flag of every library option, in one table: the CLI defines its engine flags
 * and maps them to options from it (`cli/engine-flags.ts`), and `resolveOptions` names the flag
 * from it when the CLI asks for flag names in its errors (`option-errors.ts`).
 */
import type { DedupOptions } from './options.js';

/** The library option's key. */
export type OptionKey = keyof DedupOptions;

/**
 * Each option's flag. A boolean option that is on by default is switched off by its `--no-` flag;
 * `threshold` also answers to `--title-threshold` beside `--body-threshold`.
 */
export const OPTION_FLAGS = {
  threshold: '--threshold',
  ngram: '--ngram',
  perms: '--perms',
  seed: '--seed',
  bands: '--bands',
  rows: '--rows',
  foldScript: '--no-fold',
  canonical: '--canonical',
  linkage: '--linkage',
  verify: '--no-verify',
  maxBucket: '--max-bucket',
  batchSize: '--batch-size',
  disableRules: '--disable-rule',
  dateWindowDays: '--date-window',
  match: '--match',
  bodyThreshold: '--body-threshold',
  bodyNgram: '--body-ngram',
  containment: '--containment',
  decision: '--decision',
  cutoff: '--cutoff',
  bodyKernel: '--body-kernel',
  possibleCutoff: '--possible-cutoff',
  model: '--model',
} as const satisfies Record<OptionKey, string>;

/** The option keys, in the table's order. */
export const OPTION_KEYS = Object.keys(OPTION_FLAGS) as OptionKey[];

/**
 * The property commander stores a flag's value under: `--date-window` → `dateWindow`,
 * `--no-fold` → `fold`.
 * @example flagAttribute('--disable-rule') // 'disableRule'
 */
export function flagAttribute(flag: string): string {
  return flag.replace(/^--(no-)?/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
