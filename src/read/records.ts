/**
 * Records from an input file in any supported format, each with its position, line, id, text, date
 * and raw text (for writing it back unchanged). A record that cannot be read is an InputProblem
 * naming file, line and field: thrown with `onError: 'fail'`, handed to `onReject` and skipped
 * with `onError: 'skip'`. Reading the same file twice with the same options yields the same
 * records at the same positions, which is what lets output be written in a second pass.
 */
import { parse as parseCsv } from 'csv-parse';
import { NeardupError } from '../errors.js';
import {
  INVALID_UTF8,
  parseJsonLine,
  recordFromObject,
  type FieldSpec,
  type InputProblem,
} from './record-fields.js';

export type { InputProblem };
import type { InputFormat } from './format.js';
import { readLines } from './lines.js';
import { readBytes } from './open-input.js';

export type OnError = 'fail' | 'skip';

export interface RecordReadOptions extends FieldSpec {
  format: InputFormat;
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
  body?: string;
  /** The record as it stands in the input, without its line ending. */
  raw: string;
}

/** The first record of a CSV/TSV file: its raw text, written back as the header of outputs. */
export interface ReadContext {
  header?: string;
}

/** The error for a bad record when --on-error is fail: file, line and what is wrong. */
export function problemError(file: string, p: InputProblem): NeardupError {
  return new NeardupError(
    'E_INPUT',
    `${file}:${p.line}: ${p.message} (use --on-error skip to skip such records and count them)`,
  );
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
      reject({ line: line.number, raw: line.text, message: INVALID_UTF8 });
      continue;
    }
    if (o.format === 'text') {
      yield {
        index,
        line: line.number,
        id: String(line.number),
        text: line.text,
        date: undefined,
        raw: line.text,
      };
      index++;
      continue;
    }
    const rec = parseJsonLine(line.text, o, line.number);
    if (rec === undefined) continue;
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
  // The line the last whole record ended on: a quote never closed opened in the record after it.
  let lastEnd = 0;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{
      record: string[];
      raw: string;
      info: { lines: number };
    }>) {
      const trimmed = raw.replace(/\r?\n?$/, '').replace(/\r$/, '');
      const lineEnd = info.lines; // csv-parse reports the line where the record ends
      lastEnd = lineEnd;
      const line = lineEnd - (trimmed.match(/\n/g)?.length ?? 0);
      if (!columns) {
        columns = record;
        context.header = trimmed;
        if (!columns.includes(o.textField)) {
          throw new NeardupError(
            'E_INPUT',
            `${name}:${line}: the header has no column "${o.textField}" (columns: ${columns.join(', ')}); name the text column with --text-field`,
          );
        }
        continue;
      }
      if (record.length !== columns.length) {
        reject({
          line,
          raw: trimmed,
          message: `expected ${columns.length} fields as in the header, got ${record.length}`,
        });
        continue;
      }
      const obj: Record<string, unknown> = {};
      columns.forEach((c, k) => (obj[c] = record[k]));
      const rec = recordFromObject(obj, o, line);
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
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse names the last line of the file, where it gave up; the quote opened earlier.
      throw new NeardupError(
        'E_INPUT',
        `${name}:${lastEnd + 1}: a quoted field of the record starting on this line is never closed (the file ends inside it, at line ${e.lines ?? '?'}); close the quote or double it ("") inside the field`,
        { cause: error },
      );
    }
    throw new NeardupError(
      'E_INPUT',
      `${name}:${e.lines ?? '?'}: ${e.message} (use --on-error skip to skip such records)`,
      { cause: error },
    );
  }
}
