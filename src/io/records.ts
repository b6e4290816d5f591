/**
 * Records from an input file in any supported format, each with its position, line, id, text, date
 * and raw text (for writing it back unchanged). A record that cannot be read is an InputProblem
 * naming file, line and field: thrown with `onError: 'fail'`, handed to `onReject` and skipped
 * with `onError: 'skip'`. Reading the same file twice with the same options yields the same
 * records at the same positions, which is what lets output be written in a second pass.
 */
import { parse as parseCsv } from 'csv-parse';
import { NeardupError } from '../errors.js';
import { getField } from './fields.js';
import type { InputFormat } from './format.js';
import { readLines } from './lines.js';
import { readBytes } from './open-input.js';

export type OnError = 'fail' | 'skip';

export interface RecordReadOptions {
  format: InputFormat;
  /** Field holding the id; when absent from a record the 1-based record number is the id. */
  idField: string;
  /** Field holding the text. */
  textField: string;
  /** Field holding a date (for `--canonical earliest`). */
  dateField: string;
  onError: OnError;
}

export interface InputRecord {
  /** 0-based position among the records read (skipped lines do not count). */
  index: number;
  /** 1-based line where the record starts. */
  line: number;
  id: string;
  text: string;
  date: unknown;
  /** The record as it stands in the input, without its line ending. */
  raw: string;
}

export interface InputProblem {
  line: number;
  raw: string;
  message: string;
}

/** The first record of a CSV/TSV file: its raw text, written back as the header of outputs. */
export interface ReadContext {
  header?: string;
}

function problemError(file: string, p: InputProblem): NeardupError {
  return new NeardupError(
    'E_INPUT',
    `${file}:${p.line}: ${p.message} (use --on-error skip to skip such records and count them)`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Turns one parsed object into a record, or says what is wrong with it. */
function fromObject(
  obj: Record<string, unknown>,
  o: RecordReadOptions,
  index: number,
): { id: string; text: string; date: unknown } | string {
  const text = getField(obj, o.textField);
  if (text === undefined) return `field "${o.textField}" is missing; name the text field with --text-field`;
  if (typeof text !== 'string') return `field "${o.textField}" must be a string; got ${describe(text)}`;
  const idValue = getField(obj, o.idField);
  let id: string;
  if (idValue === undefined || idValue === null || idValue === '') id = String(index + 1);
  else if (typeof idValue === 'string' || typeof idValue === 'number') id = String(idValue);
  else return `field "${o.idField}" must be a string or number; got ${describe(idValue)}`;
  return { id, text, date: getField(obj, o.dateField) };
}

/**
 * Reads records; problems are thrown or passed to onReject per `o.onError`.
 * @example for await (const r of readRecords('a.jsonl', 'a.jsonl', opts)) console.log(r.id, r.text)
 */
export async function* readRecords(
  path: string,
  name: string,
  o: RecordReadOptions,
  onReject?: (p: InputProblem) => void,
  context: ReadContext = {},
): AsyncGenerator<InputRecord> {
  const reject = (p: InputProblem): void => {
    if (o.onError === 'fail') throw problemError(name, p);
    onReject?.(p);
  };
  if (o.format === 'csv' || o.format === 'tsv') {
    yield* readDelimited(path, name, o, reject, context);
    return;
  }
  let index = 0;
  for await (const line of readLines(await readBytes(path))) {
    if (!line.validUtf8) {
      reject({ line: line.number, raw: line.text, message: 'the line is not valid UTF-8; convert the file to UTF-8 (e.g. iconv -f GB18030 -t UTF-8)' });
      continue;
    }
    if (o.format === 'text') {
      yield { index, line: line.number, id: String(line.number), text: line.text, date: undefined, raw: line.text };
      index++;
      continue;
    }
    if (line.text.trim() === '') continue; // blank lines separate nothing in JSONL
    let obj: unknown;
    try {
      obj = JSON.parse(line.text);
    } catch (error) {
      reject({ line: line.number, raw: line.text, message: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      reject({ line: line.number, raw: line.text, message: `a JSONL line must be an object; got ${describe(obj)}` });
      continue;
    }
    const rec = fromObject(obj as Record<string, unknown>, o, index);
    if (typeof rec === 'string') {
      reject({ line: line.number, raw: line.text, message: rec });
      continue;
    }
    yield { index, line: line.number, ...rec, raw: line.text };
    index++;
  }
}

async function* readDelimited(
  path: string,
  name: string,
  o: RecordReadOptions,
  reject: (p: InputProblem) => void,
  context: ReadContext,
): AsyncGenerator<InputRecord> {
  const parser = parseCsv({
    delimiter: o.format === 'tsv' ? '\t' : ',',
    bom: true,
    raw: true,
    info: true,
    relax_column_count: true,
    relax_quotes: o.format === 'tsv',
    skip_empty_lines: true,
    skip_records_with_error: o.onError === 'skip',
  });
  parser.on('skip', (err: Error & { lines?: number; raw?: string }) => {
    reject({ line: err.lines ?? 0, raw: err.raw ?? '', message: err.message });
  });
  const bytes = await readBytes(path);
  bytes.on('error', (e) => parser.destroy(e));
  bytes.pipe(parser);
  let columns: string[] | undefined;
  let index = 0;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      const trimmed = raw.replace(/\r?\n?$/, '').replace(/\r$/, '');
      const lineEnd = info.lines; // csv-parse reports the line where the record ends
      const line = lineEnd - (trimmed.match(/\n/g)?.length ?? 0);
      if (!columns) {
        columns = record;
        context.header = trimmed;
        if (!columns.includes(o.textField)) {
          throw new NeardupError('E_INPUT', `${name}:${line}: the header has no column "${o.textField}" (columns: ${columns.join(', ')}); name the text column with --text-field`);
        }
        continue;
      }
      if (record.length !== columns.length) {
        reject({ line, raw: trimmed, message: `expected ${columns.length} fields as in the header, got ${record.length}` });
        continue;
      }
      const obj: Record<string, unknown> = {};
      columns.forEach((c, k) => (obj[c] = record[k]));
      const rec = fromObject(obj, o, index);
      if (typeof rec === 'string') {
        reject({ line, raw: trimmed, message: rec });
        continue;
      }
      yield { index, line, ...rec, raw: trimmed };
      index++;
    }
  } catch (error) {
    if (error instanceof NeardupError) throw error;
    const e = error as Error & { lines?: number; code?: string };
    throw new NeardupError('E_INPUT', `${name}:${e.lines ?? '?'}: ${e.message} (use --on-error skip to skip such records)`, { cause: error });
  }
}
