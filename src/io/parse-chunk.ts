/**
 * Parsing a chunk of raw lines (JSONL or plain text) into records, in a worker or inline: the
 * texts to shingle, their ids, dates and line numbers, and a problem for every line that is not a
 * record. A pure function of its input, so any number of workers gives the same records.
 */
import { parseDate } from '../engine/dates.js';
import { isValidUtf8 } from './lines.js';
import { INVALID_UTF8, parseJsonLine, type FieldSpec, type InputProblem } from './record-fields.js';

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

/**
 * Records of a chunk of JSONL or text lines.
 * @example parseChunk(new TextEncoder().encode('{"id":1,"title":"标题"}\n'), 1, 'jsonl', spec).texts // ['标题']
 */
export function parseChunk(bytes: Uint8Array, firstLine: number, format: 'jsonl' | 'text', spec: FieldSpec): ParsedChunk {
  const decoded = lenient.decode(bytes);
  const lines = decoded.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '' && decoded.endsWith('\n')) lines.pop();
  const texts: string[] = [];
  const bodies: string[] = [];
  const ids: string[] = [];
  const dates: number[] = [];
  const numbers: number[] = [];
  const problems: InputProblem[] = [];
  // Neighbouring records mostly share a date (feeds are in date order): parse each date once.
  let lastDateValue: unknown = undefined;
  let lastDate = NaN;
  for (let k = 0; k < lines.length; k++) {
    let text = lines[k];
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const line = firstLine + k;
    // U+FFFD is either in the text or stands for bytes that were not UTF-8; only then ask which.
    if (text.includes('\ufffd') && !isValidUtf8(lineBytes(bytes, k))) {
      problems.push({ line, raw: text, message: INVALID_UTF8 });
      continue;
    }
    if (format === 'text') {
      texts.push(text);
      ids.push(String(line));
      dates.push(NaN);
      numbers.push(line);
      continue;
    }
    const rec = parseJsonLine(text, spec, line);
    if (rec === undefined) continue;
    if (typeof rec === 'string') {
      problems.push({ line, raw: text, message: rec });
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
  return { texts, bodies: spec.bodyField !== undefined ? bodies : undefined, ids, dates: Float64Array.from(dates), lines: Uint32Array.from(numbers), problems };
}
