/**
 * Errors for invalid options, worded twice from one rule: for the library, naming the option
 * (`options.threshold must be a number in (0, 1]; got 2`), and for the command line, naming the
 * flag typed (`--threshold 2: must be a number in (0, 1]`). The CLI's top-level handler prints
 * `flagMessage` where an error has one (see `cli/main.ts`).
 */
import { OPTION_FLAGS, type OptionKey } from './option-flags.js';

/** How a message names an option, and how it spells setting one (for the fix it suggests). */
export interface OptionNamer {
  name(key: OptionKey): string;
  setting(key: OptionKey, value: string | number | boolean | readonly string[]): string;
}

const asCode = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(asCode).join(', ')}]` : typeof v === 'string' ? `'${v}'` : String(v);

/** Library wording: `options.perms`, `bodyKernel: 'classic'`. */
export const LIBRARY_NAMES: OptionNamer = {
  name: (key) => `options.${key}`,
  setting: (key, value) => `${key}: ${asCode(value)}`,
};

/** Command-line wording: `--perms`, `--body-kernel classic`. */
export const FLAG_NAMES: OptionNamer = {
  name: (key) => OPTION_FLAGS[key],
  setting: (key, value) =>
    typeof value === 'boolean'
      ? OPTION_FLAGS[key]
      : `${OPTION_FLAGS[key]} ${Array.isArray(value) ? value.join(' ') : String(value)}`,
};

/** A value as a library message shows it: numbers as they are, the rest as JSON. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** A value as the CLI user typed it. */
function typed(value: unknown): string {
  return Array.isArray(value) ? value.join(' ') : String(value);
}

/** An error raised for an invalid option, with the CLI's wording beside the library's. */
export type OptionError = (TypeError | RangeError) & { option: OptionKey; flagMessage: string };

/** Marks "no value to show" (a rule between two options). */
export const NO_VALUE: unique symbol = Symbol('no value');

/**
 * An error for option `key` given `value`, breaking `rule`; `fix` (optional) says what to do
 * instead. Both are worded by the namer they are given, once per audience.
 * @example optionError(RangeError, 'threshold', 2, () => 'must be a number in (0, 1]').message
 * // 'options.threshold must be a number in (0, 1]; got 2'
 */
export function optionError(
  Kind: typeof TypeError | typeof RangeError,
  key: OptionKey,
  value: unknown,
  rule: (n: OptionNamer) => string,
  fix?: (n: OptionNamer) => string,
): OptionError {
  const tail = (n: OptionNamer) => (fix ? ` (${fix(n)})` : '');
  const got = value === NO_VALUE ? '' : `; got ${shown(value)}`;
  const error = new Kind(`${LIBRARY_NAMES.name(key)} ${rule(LIBRARY_NAMES)}${got}${tail(LIBRARY_NAMES)}`);
  const flag = value === NO_VALUE ? FLAG_NAMES.name(key) : `${FLAG_NAMES.name(key)} ${typed(value)}:`;
  return Object.assign(error, { option: key, flagMessage: `${flag} ${rule(FLAG_NAMES)}${tail(FLAG_NAMES)}` });
}

/** The CLI's wording of an error, when it is an invalid option. */
export function flagMessageOf(error: unknown): string | undefined {
  const m = (error as Partial<OptionError> | undefined)?.flagMessage;
  return typeof m === 'string' ? m : undefined;
}
