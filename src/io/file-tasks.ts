/**
 * Turning an input file into engine tasks. JSONL and plain text go to the workers as raw line
 * chunks (they parse in parallel); CSV/TSV, whose records may span lines, are parsed here and sent
 * as texts.
 */
import type { SourcedTask } from '../engine/dedup.js';
import { parseDate } from '../engine/dates.js';
import { lineChunks } from './line-chunks.js';
import { readBytes, type ReadProgress } from './open-input.js';
import type { FieldSpec } from './record-fields.js';
import type { InputRecord } from './records.js';

/** Raw line chunks of about `chunkBytes` bytes as `lines` tasks. */
export async function* lineTasks(
  path: string,
  format: 'jsonl' | 'text',
  spec: FieldSpec,
  chunkBytes: number,
  progress?: ReadProgress,
): AsyncGenerator<SourcedTask> {
  for await (const chunk of lineChunks(await readBytes(path, progress), chunkBytes)) {
    yield { task: { kind: 'lines', bytes: chunk.bytes, firstLine: chunk.firstLine, format, spec } };
  }
}

/** Records read on this thread, in batches of `batchSize`, as `texts` tasks. */
export async function* recordTasks(records: AsyncIterable<InputRecord>, batchSize: number): AsyncGenerator<SourcedTask> {
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
