/**
 * Parsing a chunk of raw lines (JSONL or plain text) into records, in a worker or inline: the
 * texts to shingle, their ids, dates and line numbers, and a problem for every line that is not a
 * record. A pure function of its input, so any number of workers gives the same records.
 */
import { parseDate } from '../engine/dates.js';
import { isValidUtf8 } from './lines.js';
import { FieldScanner, scannable } from './json-fields.js';
import { INVALID_UTF8, parseJsonLine, recordFromValues, type FieldSpec, type InputProblem, type RecordFields } from './record-fields.js';

export interface ParsedChunk {
  texts: string[];
  /** Bodies, when the spec names a body field. */
  bodies?: string[];
  ids: string[];
  /** Epoch ms per record, NaN where there is no (valid) date. */
  dates: Float64Array;
  /** 1-based line number per record. */
  lines: Uint32Array;
  problems: InputProblem[];
  /** Lines in the chunk (records, blank lines and problems alike). */
  lineCount: number;
}

const lenient = new TextDecoder('utf-8');

/** The bytes of line k (0-based) of a chunk, without its ending. */
function lineBytes(bytes: Uint8Array, k: number): Uint8Array {
  let start = 0;
  for (let i = 0; i < k; i++) start = bytes.indexOf(0x0a, start) + 1;
  let end = bytes.indexOf(0x0a, start);
  if (end === -1) end = bytes.length;
  return bytes.subarray(start, end);
}

/** A scanner for a spec's fields, when they can be scanned (see json-fields.ts). */
function scannerFor(spec: FieldSpec): FieldScanner | undefined {
  const names = [spec.textField, spec.idField, spec.dateField, ...(spec.bodyField === undefined ? [] : [spec.bodyField])];
  return scannable(names) ? new FieldScanner(names) : undefined;
}

/**
 * Records of a chunk of JSONL or text lines.
 * @example parseChunk(new TextEncoder().encode('{"id":1,"title":"标题"}\n'), 1, 'jsonl', spec).texts // ['标题']
 */
export function parseChunk(bytes: Uint8Array, firstLine: number, format: 'jsonl' | 'text', spec: FieldSpec): ParsedChunk {
  const decoded = lenient.decode(bytes);
  const texts: string[] = [];
  const bodies: string[] = [];
  const ids: string[] = [];
  const dates: number[] = [];
  const numbers: number[] = [];
  const problems: InputProblem[] = [];
  const scanner = format === 'jsonl' ? scannerFor(spec) : undefined;
  // Neighbouring records mostly share a date (feeds are in date order): parse each date once.
  let lastDateValue: unknown = undefined;
  let lastDate = NaN;
  // Where the next U+FFFD is: a line holding one is checked for bytes that were not UTF-8.
  let replacement = decoded.indexOf('\ufffd');
  // Lines are walked by position in the decoded chunk, each cut out only when it is needed.
  let k = 0;
  for (let from = 0; from < decoded.length; k++) {
    let next = decoded.indexOf('\n', from);
    if (next === -1) next = decoded.length;
    const to = next > from && decoded.charCodeAt(next - 1) === 0x0d ? next - 1 : next;
    const start = from;
    from = next + 1;
    const line = firstLine + k;
    if (replacement !== -1 && replacement < start) replacement = decoded.indexOf('\ufffd', start);
    if (replacement !== -1 && replacement < to && !isValidUtf8(lineBytes(bytes, k))) {
      problems.push({ line, raw: decoded.slice(start, to), message: INVALID_UTF8 });
      continue;
    }
    if (format === 'text') {
      texts.push(decoded.slice(start, to));
      ids.push(String(line));
      dates.push(NaN);
      numbers.push(line);
      continue;
    }
    let rec: RecordFields | string | undefined;
    if (scanner?.scan(decoded, start, to)) {
      const v = scanner.values;
      rec = recordFromValues(v[0], v[1], v[2], v[3], spec, line);
    } else {
      rec = parseJsonLine(decoded.slice(start, to), spec, line);
    }
    if (rec === undefined) continue;
    if (typeof rec === 'string') {
      problems.push({ line, raw: decoded.slice(start, to), message: rec });
      continue;
    }
    texts.push(rec.text);
    if (rec.body !== undefined) bodies.push(rec.body);
    ids.push(rec.id);
    if (rec.date !== lastDateValue) {
      lastDateValue = rec.date;
      lastDate = parseDate(rec.date);
    }
    dates.push(lastDate);
    numbers.push(line);
  }
  return { texts, bodies: spec.bodyField !== undefined ? bodies : undefined, ids, dates: Float64Array.from(dates), lines: Uint32Array.from(numbers), problems, lineCount: k };
}
