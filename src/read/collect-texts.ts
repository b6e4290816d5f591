/**
 * Reading back the texts of chosen records (for the report and summaries), by a second pass over
 * the input: the engine keeps no texts, only their shingles.
 */
import type { InputFormat } from './format.js';
import { getField } from './fields.js';
import { recordLineBytes } from './line-chunks.js';
import type { SpanColumn } from './line-spans.js';
import { readBytes } from './open-input.js';
import { readRecords, type RecordReadOptions } from './records.js';
import { eachRange } from './span-bytes.js';

/** An input that was read, as the passes that read records back need it. */
export interface ReadBack {
  /** A readable path (the input, or its stdin spool), and what messages call it. */
  path: string;
  name: string;
  format: InputFormat;
  readOptions: RecordReadOptions;
  /** The (first) line of every record, by input position. */
  recordLines: Uint32Array;
  /** Every record's byte range, from a read of JSON lines or text: only those are read back. */
  spans?: SpanColumn;
}

/**
 * The texts, dates (as written; absent when the record has none) and bodies (when the read
 * options name a body field) of the records whose input positions are in `wanted`.
 * @example (await collectTexts(input, new Set([0, 5]))).texts
 */
export async function collectTexts(
  input: ReadBack,
  wanted: ReadonlySet<number>,
): Promise<{ texts: Map<number, string>; bodies: Map<number, string>; dates: Map<number, string> }> {
  const { path, name, format, readOptions, recordLines, spans } = input;
  const texts = new Map<number, string>();
  const bodies = new Map<number, string>();
  const dates = new Map<number, string>();
  if (wanted.size === 0) return { texts, bodies, dates };
  const keepDate = (i: number, d: unknown) => {
    if (d !== undefined && d !== null && d !== '') dates.set(i, String(d));
  };
  if (format === 'csv' || format === 'tsv') {
    for await (const r of readRecords(path, name, readOptions, () => {})) {
      if (!wanted.has(r.index)) continue;
      texts.set(r.index, r.text);
      keepDate(r.index, r.date);
      if (r.body !== undefined) bodies.set(r.index, r.body);
    }
    return { texts, bodies, dates };
  }
  const decoder = new TextDecoder();
  const take = (i: number, bytes: Uint8Array) => {
    const raw = decoder.decode(bytes);
    if (format === 'text') texts.set(i, raw);
    else {
      const obj = JSON.parse(raw) as Record<string, unknown>;
      texts.set(i, String(getField(obj, readOptions.textField)));
      keepDate(i, getField(obj, readOptions.dateField));
      if (readOptions.bodyField !== undefined)
        bodies.set(i, String(getField(obj, readOptions.bodyField) ?? ''));
    }
  };
  if (spans) {
    // Ranges come in input order, the order of the positions wanted; each is parsed as it is read.
    const order = [...wanted].filter((i) => i < spans.size).sort((a, b) => a - b);
    await eachRange(
      path,
      spans.kept((i) => wanted.has(i)),
      (k, bytes) => take(order[k], bytes),
    );
    return { texts, bodies, dates };
  }
  // Without byte ranges (a caller's own record lines): the line walk, which the tests also hold
  // the ranges to.
  for await (const line of recordLineBytes(await readBytes(path), recordLines)) {
    if (!wanted.has(line.index)) continue;
    take(line.index, line.bytes);
    if (texts.size === wanted.size) break;
  }
  return { texts, bodies, dates };
}
