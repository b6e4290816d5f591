/**
 * From a parsed line to a record: which fields hold the id, the text and the date, and what is
 * wrong when they do not. Shared by the main-thread reader and the workers that parse raw lines.
 */
import { getField } from './fields.js';

/** Where a record's fields are. */
export interface FieldSpec {
  /** Field holding the id; when absent from a record, its line number is the id. */
  idField: string;
  /** Field holding the text. */
  textField: string;
  /** Field holding a date (for `--canonical earliest` and the date-gap rule). */
  dateField: string;
  /** Field holding an article body, when bodies are compared. */
  bodyField?: string;
}

/** A line that is not a record: where, what it was, and why. */
export interface InputProblem {
  line: number;
  /** The line as it stands in the input (decoded). */
  raw: string;
  message: string;
}

export interface RecordFields {
  id: string;
  text: string;
  date: unknown;
  body?: string;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** The record's fields, or a message saying what is wrong with them. */
export function recordFromObject(
  obj: Record<string, unknown>,
  spec: FieldSpec,
  line: number,
): RecordFields | string {
  const body = spec.bodyField === undefined ? undefined : getField(obj, spec.bodyField);
  return recordFromValues(
    getField(obj, spec.textField),
    getField(obj, spec.idField),
    getField(obj, spec.dateField),
    body,
    spec,
    line,
  );
}

/**
 * The record from its fields' values (undefined where the record has no such field), or a
 * message saying what is wrong with them: the one place that checks them, for parsed objects and
 * for the line scanner alike.
 */
export function recordFromValues(
  text: unknown,
  idValue: unknown,
  date: unknown,
  body: unknown,
  spec: FieldSpec,
  line: number,
): RecordFields | string {
  if (text === undefined)
    return `field "${spec.textField}" is missing; name the text field with --text-field`;
  if (typeof text !== 'string') return `field "${spec.textField}" must be a string; got ${describe(text)}`;
  let id: string;
  if (idValue === undefined || idValue === null || idValue === '') id = String(line);
  else if (typeof idValue === 'string' || typeof idValue === 'number') id = String(idValue);
  else return `field "${spec.idField}" must be a string or number; got ${describe(idValue)}`;
  if (spec.bodyField === undefined) return { id, text, date };
  if (body === undefined)
    return `field "${spec.bodyField}" is missing; name the body field with --body-field`;
  if (typeof body !== 'string') return `field "${spec.bodyField}" must be a string; got ${describe(body)}`;
  return { id, text, date, body };
}

/**
 * One JSONL line to a record; undefined for a blank line (blank lines separate nothing in JSONL).
 * @example parseJsonLine('{"id":"a","title":"标题"}', spec, 1) // { id: 'a', text: '标题', date: undefined }
 */
export function parseJsonLine(
  text: string,
  spec: FieldSpec,
  line: number,
): RecordFields | string | undefined {
  if (text.trim() === '') return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    return `a JSONL line must be an object; got ${describe(obj)}`;
  return recordFromObject(obj as Record<string, unknown>, spec, line);
}

export const INVALID_UTF8 =
  'the line is not valid UTF-8; convert the file to UTF-8 (e.g. iconv -f GB18030 -t UTF-8)';
