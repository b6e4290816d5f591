/**
 * Records from an input file in any supported format, each with its position, line, id, text, date
 * and raw text (for writing it back unchanged). A record that cannot be read is an InputProblem
 * naming file, line and field: thrown with `onError: 'fail'`, handed to `onReject` and skipped
 * with `onError: 'skip'`. Reading the same file twice with the same options yields the same
 * records at the same positions, which is what lets output be written in a second pass.
 */
import { Readable } from 'node:stream';
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

/** csv-parse's errors for a quote that opened a field and was not closed where the field ends. */
const QUOTE_ERRORS = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_INVALID_CLOSING_QUOTE']);

/** The message for a record whose quoted field never closes, at the line where the record starts. */
function unclosedQuote(code: string, detectedAt: number): string {
  const where =
    code === 'CSV_QUOTE_NOT_CLOSED'
      ? `the file ends inside it, at line ${detectedAt}`
      : `a quote at line ${detectedAt} ends it in the middle of a field`;
  return `a quoted field of the record starting on this line is never closed (${where}); close the quote or double it ("") inside the field`;
}

/** The bytes of `stream` after its first `skip` lines (a restart point of the CSV reader). */
async function* afterLines(stream: Readable, skip: number): AsyncGenerator<Buffer> {
  let toSkip = skip;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let at = 0;
    while (toSkip > 0) {
      const nl = chunk.indexOf(0x0a, at);
      if (nl === -1) break;
      at = nl + 1;
      toSkip--;
    }
    if (toSkip === 0 && at < chunk.length) yield chunk.subarray(at);
  }
}

/**
 * CSV/TSV records. A quote that opens a field and never closes swallows every line after it
 * into one field (RFC 4180 allows newlines in quotes), so with `--on-error skip` the reader
 * rejects the record where the quote opened — its own line only — and parses again from the next
 * line, rather than losing the rest of the file to one bad field. With `fail` it stops at that line.
 */
async function* readDelimited(
  path: string,
  name: string,
  o: RecordReadOptions,
  reject: (p: InputProblem) => void,
  context: ReadContext,
): AsyncGenerator<InputRecord> {
  const state = { columns: undefined as string[] | undefined, index: 0 };
  // The file line before the pass's first: 0, then the line a bad quote opened on.
  let offset: number | undefined = 0;
  while (offset !== undefined) offset = yield* delimitedPass(path, name, o, reject, context, state, offset);
}

/**
 * One pass of the CSV parser from the line after `offset`; returns the offset to parse again
 * from when a quote never closed (skip mode), or undefined at the end of the input.
 */
async function* delimitedPass(
  path: string,
  name: string,
  o: RecordReadOptions,
  reject: (p: InputProblem) => void,
  context: ReadContext,
  state: { columns: string[] | undefined; index: number },
  offset: number,
): AsyncGenerator<InputRecord, number | undefined> {
  const parser = parseCsv({
    delimiter: o.format === 'tsv' ? '\t' : ',',
    bom: offset === 0,
    raw: true,
    info: true,
    relax_column_count: true,
    relax_quotes: o.format === 'tsv',
    skip_empty_lines: true,
    // Always: a bad record then arrives as an event with its raw text, in order among the good
    // ones (a thrown error drops the records parsed before it and says only where parsing stopped).
    skip_records_with_error: true,
  });
  // Problems the parser met, in line order, each reported once the records before it are.
  const pending: { problem: InputProblem; quote: boolean }[] = [];
  // Where this pass stops: the line (of the file) a never-closed quote's record starts on.
  let badStart: number | undefined;
  parser.on('skip', (err: Error & { lines?: number; raw?: string; code?: string }) => {
    if (badStart !== undefined) return; // read inside the bad quote's shadow: parsed again later
    const raw = err.raw ?? '';
    const at = offset + (err.lines ?? 0);
    if (err.code !== undefined && QUOTE_ERRORS.has(err.code)) {
      // The record began as many lines before the one the parser gave up on as its raw text spans.
      const start = at - (raw.match(/\n/g)?.length ?? 0) + (raw.endsWith('\n') ? 1 : 0);
      badStart = start;
      const line = raw.split(/\r?\n/)[0];
      pending.push({
        problem: { line: start, raw: line, message: unclosedQuote(err.code, at) },
        quote: true,
      });
    } else pending.push({ problem: { line: at, raw, message: err.message }, quote: false });
  });
  const report = (before: number): void => {
    while (pending.length > 0 && pending[0].problem.line < before) {
      const { problem, quote } = pending.shift()!;
      if (o.onError === 'skip') reject(problem);
      else if (quote) throw new NeardupError('E_INPUT', `${name}:${problem.line}: ${problem.message}`);
      else
        throw new NeardupError(
          'E_INPUT',
          `${name}:${problem.line}: ${problem.message} (use --on-error skip to skip such records)`,
        );
    }
  };
  const bytes = await readBytes(path);
  const input = offset === 0 ? bytes : Readable.from(afterLines(bytes, offset));
  bytes.on('error', (e) => parser.destroy(e));
  // A later pass reads through a generator over the bytes: destroying the bytes when the pass
  // stops early fails the generator's read ("premature close"), which must reach a listener.
  if (input !== bytes) input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{
      record: string[];
      raw: string;
      info: { lines: number };
    }>) {
      const trimmed = raw.replace(/\r?\n?$/, '').replace(/\r$/, '');
      const lineEnd = offset + info.lines; // csv-parse reports the line where the record ends
      const line = lineEnd - (trimmed.match(/\n/g)?.length ?? 0);
      report(line);
      // Records the parser read past the bad one were read inside its open quote's shadow: the
      // next pass reads them again from the line after the bad record's first.
      if (badStart !== undefined && line >= badStart) break;
      if (!state.columns) {
        state.columns = record;
        context.header = trimmed;
        if (!state.columns.includes(o.textField)) {
          throw new NeardupError(
            'E_INPUT',
            `${name}:${line}: the header has no column "${o.textField}" (columns: ${state.columns.join(', ')}); name the text column with --text-field`,
          );
        }
        continue;
      }
      const columns = state.columns;
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
      yield { index: state.index, line, ...rec, raw: trimmed };
      state.index++;
    }
    if (!state.columns && badStart !== undefined)
      throw new NeardupError('E_INPUT', `${name}:${badStart}: the header: ${pending[0]?.problem.message}`);
    report(Number.POSITIVE_INFINITY);
  } catch (error) {
    if (error instanceof NeardupError) throw error;
    const e = error as Error & { lines?: number };
    throw new NeardupError(
      'E_INPUT',
      `${name}:${e.lines === undefined ? '?' : offset + e.lines}: ${e.message} (use --on-error skip to skip such records)`,
      { cause: error },
    );
  } finally {
    parser.destroy();
    if (input !== bytes) input.destroy();
    bytes.destroy();
  }
  return badStart;
}
