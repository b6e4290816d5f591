/**
 * One unit of work for a worker (or the calling thread): texts to prepare, or a chunk of raw
 * JSONL/text lines to parse and then prepare. Plain data in, typed arrays out, so the same pure
 * function runs inline and on the pool.
 */
import type { FieldSpec } from '../read/record-fields.js';
import { parseDate } from '../read/dates.js';
import { packIds, type PackedIds } from './id-column.js';
import { parseChunk, type ParsedChunk } from '../read/parse-chunk.js';
import { lineSpans, type LineSpans } from '../read/line-spans.js';
import { packBatch, packedBuffers, type PackedBatch } from './packed-batch.js';
import { prepareBatch, type PrepareParams } from './prepare.js';

export type BatchTask =
  | { kind: 'texts'; texts: string[]; bodies?: string[] }
  | { kind: 'lines'; bytes: Uint8Array; format: 'jsonl' | 'text'; spec: FieldSpec };

export interface BatchResult {
  /** The prepared batch, packed for the corpus. */
  batch: PackedBatch;
  /**
   * For `lines` tasks: the records' ids (packed: one string crosses threads, not thousands),
   * dates, line numbers (counted from the chunk's first line as 1 until `rebaseLines`), the lines
   * that were not records, and how many lines the chunk had; where each record's line lies in the
   * chunk's bytes (`spans`, see line-spans.ts) and the chunk's length, for copying kept records.
   */
  parsed?: Omit<ParsedChunk, 'texts' | 'bodies' | 'ids'> & {
    ids: PackedIds;
    spans: LineSpans;
    chunkBytes: number;
  };
}

/**
 * Runs a task: parse (for raw lines), then shingle, sign, band and pack.
 * @example runBatch({ kind: 'texts', texts: ['标题'] }, params).batch.count // 1
 */
export function runBatch(task: BatchTask, params: PrepareParams): BatchResult {
  const pack = (texts: string[], bodies?: string[]) =>
    packBatch(prepareBatch(texts, params, bodies), params.bands, params.body?.bands ?? 0);
  if (task.kind === 'texts') return { batch: pack(task.texts, task.bodies) };
  const { texts, bodies, ids, spans: walked, ...parsed } = parseChunk(task.bytes, 1, task.format, task.spec);
  // Located here, on the worker, before the lines are renumbered for the whole input.
  const spans = walked ?? lineSpans(task.bytes, parsed.lines);
  return {
    batch: pack(texts, bodies),
    parsed: { ...parsed, ids: packIds(ids), spans, chunkBytes: task.bytes.length },
  };
}

/**
 * Renumbers a chunk's lines (counted from 1 on the worker) once `before` lines of the input came
 * ahead of it: results are taken in input order, so this is where the file's own numbers are known.
 */
export function rebaseLines(parsed: NonNullable<BatchResult['parsed']>, before: number): void {
  if (before === 0) return;
  for (let k = 0; k < parsed.lines.length; k++) parsed.lines[k] += before;
  for (const p of parsed.problems) p.line += before;
}

/** The buffers of a result, for moving it between threads without a copy. */
export function resultBuffers(r: BatchResult): ArrayBuffer[] {
  const buffers = packedBuffers(r.batch);
  if (r.parsed)
    buffers.push(
      r.parsed.dates.buffer as ArrayBuffer,
      r.parsed.lines.buffer as ArrayBuffer,
      r.parsed.ids.ends.buffer as ArrayBuffer,
      r.parsed.ids.hashes.buffer as ArrayBuffer,
      r.parsed.spans.starts.buffer as ArrayBuffer,
      r.parsed.spans.ends.buffer as ArrayBuffer,
    );
  return buffers;
}

/** A record already read: what a `texts` task needs of it. */
export interface TextRecord {
  id: string;
  text: string;
  body?: string;
  date?: unknown;
}

/**
 * Records in batches of `batchSize` as `texts` tasks, with their ids and dates (the main thread
 * keeps those; workers get only texts).
 */
export async function* textTasks(
  records: AsyncIterable<TextRecord>,
  batchSize: number,
): AsyncGenerator<{ task: BatchTask; ids: string[]; dates: number[] }> {
  let texts: string[] = [];
  let bodies: string[] = [];
  let ids: string[] = [];
  let dates: number[] = [];
  for await (const r of records) {
    texts.push(r.text);
    bodies.push(r.body ?? '');
    ids.push(r.id);
    dates.push(parseDate(r.date));
    if (texts.length >= batchSize) {
      yield { task: { kind: 'texts', texts, bodies }, ids, dates };
      texts = [];
      bodies = [];
      ids = [];
      dates = [];
    }
  }
  if (texts.length > 0) yield { task: { kind: 'texts', texts, bodies }, ids, dates };
}
