/**
 * Parsing a chunk of raw lines (JSONL or plain text) into records, in a worker or inline: the
 * texts to shingle, their ids, dates and line numbers, and a problem for every line that is not a
 * record. A pure function of its input, so any number of workers gives the same records.
 */
import { utf8Slicer } from './utf8-slice.js';
import type { LineSpans } from './line-spans.js';
import { isUtf8 } from 'node:buffer';
import { parseDate } from './dates.js';
import { isValidUtf8 } from './lines.js';
import { FieldScanner, scannable } from './json-fields.js';
import {
  INVALID_UTF8,
  parseJsonLine,
  recordFromValues,
  type FieldSpec,
  type InputProblem,
  type RecordFields,
} from './record-fields.js';

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
  /**
   * Each record's byte range in the chunk (see line-spans.ts), when the chunk was walked as bytes
   * and its line positions were byte offsets already; else left to `lineSpans`.
   */
  spans?: LineSpans;
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
  const names = [
    spec.textField,
    spec.idField,
    spec.dateField,
    ...(spec.bodyField === undefined ? [] : [spec.bodyField]),
  ];
  return scannable(names) ? new FieldScanner(names) : undefined;
}

/** What a chunk's lines add up to, record by record. */
class ChunkRecords {
  readonly texts: string[] = [];
  readonly bodies: string[] = [];
  readonly ids: string[] = [];
  readonly dates: number[] = [];
  readonly numbers: number[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly problems: InputProblem[] = [];
  // Neighbouring records mostly share a date (feeds are in date order): parse each date once.
  #lastDateValue: unknown = undefined;
  #lastDate = NaN;

  add(rec: RecordFields, line: number): void {
    this.texts.push(rec.text);
    if (rec.body !== undefined) this.bodies.push(rec.body);
    this.ids.push(rec.id);
    if (rec.date !== this.#lastDateValue) {
      this.#lastDateValue = rec.date;
      this.#lastDate = parseDate(rec.date);
    }
    this.dates.push(this.#lastDate);
    this.numbers.push(line);
  }

  /**
   * A JSONL line: from the values the scanner read, or (undefined) by JSON.parse of its text,
   * `text(from, to)`; a record, or a problem with the line's text.
   */
  addJson(
    line: number,
    values: readonly unknown[] | undefined,
    spec: FieldSpec,
    text: (from: number, to: number) => string,
    from: number,
    to: number,
  ): void {
    const rec = values
      ? recordFromValues(values[0], values[1], values[2], values[3], spec, line)
      : parseJsonLine(text(from, to), spec, line);
    if (rec === undefined) return;
    if (typeof rec === 'string') this.problems.push({ line, raw: text(from, to), message: rec });
    else this.add(rec, line);
  }

  done(spec: FieldSpec, lineCount: number): ParsedChunk {
    return {
      texts: this.texts,
      bodies: spec.bodyField !== undefined ? this.bodies : undefined,
      ids: this.ids,
      dates: Float64Array.from(this.dates),
      lines: Uint32Array.from(this.numbers),
      problems: this.problems,
      lineCount,
      ...(this.starts.length === this.numbers.length && {
        spans: { starts: Uint32Array.from(this.starts), ends: Uint32Array.from(this.ends) },
      }),
    };
  }
}

/**
 * Records of a chunk of JSONL or text lines. A JSONL chunk of valid UTF-8 (the usual case) is
 * read as bytes: held as a one-byte string, one character per byte, for the field scanner (see
 * json-fields.ts), which decodes only the wanted values beyond ASCII; the lines it leaves to
 * JSON.parse are decoded whole; this spends less CPU than decoding every chunk whole, since most
 * of a line is keys and fields that are never read. Any other chunk is decoded whole, and a line
 * holding U+FFFD there is checked for bytes that were not UTF-8.
 * @example parseChunk(new TextEncoder().encode('{"id":1,"title":"标题"}\n'), 1, 'jsonl', spec).texts // ['标题']
 */
export function parseChunk(
  bytes: Uint8Array,
  firstLine: number,
  format: 'jsonl' | 'text',
  spec: FieldSpec,
): ParsedChunk {
  const scanner = format === 'jsonl' ? scannerFor(spec) : undefined;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const asBytes = scanner?.names.every(isAscii) && isUtf8(bytes);
  const s = asBytes ? buf.toString('latin1') : lenient.decode(bytes);
  // Field values are decoded one call each: see utf8-slice.ts for why, and for its fallback.
  const decode = asBytes ? utf8Slicer(buf) : undefined;
  // A line's text. Read as bytes, a byte order mark stays: the file's own was dropped before
  // chunking (line-chunks.ts), and one further on is not JSON, wherever the chunks were cut.
  const lineText = asBytes
    ? (from: number, to: number): string => buf.toString('utf8', from, to)
    : (from: number, to: number): string => s.slice(from, to);
  const out = new ChunkRecords();
  // Where the next U+FFFD is in a decoded chunk (none to look for in valid UTF-8).
  let replacement = asBytes ? -1 : s.indexOf('\ufffd');
  // Lines are walked by position in the chunk, each cut out only when it is needed.
  let k = 0;
  for (let from = 0; from < s.length; k++) {
    let next = s.indexOf('\n', from);
    if (next === -1) next = s.length;
    const to = next > from && s.charCodeAt(next - 1) === 0x0d ? next - 1 : next;
    const start = from;
    from = next + 1;
    const line = firstLine + k;
    if (replacement !== -1 && replacement < start) replacement = s.indexOf('\ufffd', start);
    if (replacement !== -1 && replacement < to && !isValidUtf8(lineBytes(bytes, k))) {
      out.problems.push({ line, raw: lineText(start, to), message: INVALID_UTF8 });
      continue;
    }
    if (format === 'text') {
      out.add({ id: String(line), text: lineText(start, to), date: undefined }, line);
      continue;
    }
    const before = out.numbers.length;
    out.addJson(
      line,
      scanner?.scan(s, start, to, decode) === true ? scanner.values : undefined,
      spec,
      lineText,
      start,
      to,
    );
    // Read as bytes, positions are byte offsets: the record's range as lineSpans finds it.
    if (asBytes && out.numbers.length > before) {
      out.starts.push(start);
      out.ends.push(to < next ? to : next < s.length ? next + 1 : next);
    }
  }
  return out.done(spec, k);
}

/** Whether a field name can be matched in bytes read one per character: ASCII only. */
function isAscii(name: string): boolean {
  return !/[^\x00-\x7f]/.test(name);
}
