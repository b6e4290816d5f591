/**
 * A snapshot's header, checked field by field before anything reads it. The checksum proves the
 * bytes are the ones written, not that a neardup wrote them: a file made by hand or by another
 * tool can carry a valid CRC over a header with a field missing or of the wrong type, and reading
 * that blindly fails deep inside with `Cannot convert undefined or null to object`. Each field the
 * loader reads is checked here, and the message names the file, the field and what it holds.
 */
import { NeardupError } from '../errors.js';
import { MATCH_MODES, RULE_NAMES, type MatchMode, type RuleName } from '../options/options.js';

/** The parameters a snapshot's header holds, as the loader reads them. */
export interface SnapshotParams {
  threshold: number;
  ngram: number;
  perms: number;
  seed: number;
  bands: number;
  rows: number;
  foldScript: boolean;
  verify: boolean;
  rules: Record<RuleName, boolean>;
  dateWindowDays: number;
  window: number | null;
  match: MatchMode;
  bodyThreshold: number;
  bodyNgram: number;
  containment: boolean;
  bodyKernel: 'oph' | 'classic';
  /** Fields the loader compares but does not read (decision, cut-off, any added later). */
  [other: string]: unknown;
}

/** The error for a snapshot that is not what it claims to be, naming the file and why. */
export function corrupt(file: string, why: string): NeardupError {
  return new NeardupError(
    'E_INPUT',
    `index snapshot ${file} is corrupt or not a neardup index (${why}); rebuild it with neardup index build`,
  );
}

/** A rule for one field: what it must be, in words, and the test. */
interface FieldRule {
  must: string;
  ok: (v: unknown) => boolean;
}

const number: FieldRule = { must: 'a number', ok: (v) => typeof v === 'number' && Number.isFinite(v) };
const whole: FieldRule = { must: 'a whole number', ok: (v) => Number.isInteger(v) };
const flag: FieldRule = { must: 'true or false', ok: (v) => typeof v === 'boolean' };
const oneOf = (choices: readonly string[]): FieldRule => ({
  must: `one of ${choices.join(', ')}`,
  ok: (v) => typeof v === 'string' && choices.includes(v),
});

/** Every field the loader reads, with its rule (range checks are `resolveOptions`'s, afterwards). */
const FIELDS: Record<Exclude<keyof SnapshotParams, 'rules' | number>, FieldRule> = {
  threshold: number,
  ngram: whole,
  perms: whole,
  seed: whole,
  bands: whole,
  rows: whole,
  foldScript: flag,
  verify: flag,
  dateWindowDays: number,
  window: { must: 'a number of ms or null', ok: (v) => v === null || number.ok(v) },
  match: oneOf(MATCH_MODES),
  bodyThreshold: number,
  bodyNgram: whole,
  containment: flag,
  bodyKernel: oneOf(['oph', 'classic']),
};

const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * The header's parameters, checked: a header that is not an object, has no `params` object, or
 * whose `params` lacks a field or holds one of the wrong type is refused with its name.
 * @example snapshotParams('feed.ndix', JSON.parse(text)).bands // 40
 */
export function snapshotParams(file: string, header: unknown): SnapshotParams {
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw corrupt(file, `its header is ${shown(header)}, not an object`);
  const p = (header as { params?: unknown }).params;
  if (p === null || typeof p !== 'object' || Array.isArray(p))
    throw corrupt(file, `its header has no "params" object; got ${shown(p)}`);
  const params = p as Record<string, unknown>;
  for (const [name, rule] of Object.entries(FIELDS)) {
    if (!rule.ok(params[name]))
      throw corrupt(file, `its header's params.${name} must be ${rule.must}; got ${shown(params[name])}`);
  }
  const rules = params.rules;
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules))
    throw corrupt(file, `its header's params.rules must be an object of rule switches; got ${shown(rules)}`);
  for (const rule of RULE_NAMES) {
    const on = (rules as Record<string, unknown>)[rule];
    if (typeof on !== 'boolean')
      throw corrupt(file, `its header's params.rules["${rule}"] must be true or false; got ${shown(on)}`);
  }
  return params as SnapshotParams;
}
