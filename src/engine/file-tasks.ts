/**
 * Turning an input file into engine tasks. JSONL and plain text go to the workers as raw line
 * chunks (they parse in parallel); CSV/TSV, whose records may span lines, are parsed here and sent
 * as texts.
 */
import type { SourcedTask } from './dedup.js';
import { textTasks } from '../prepare/batch-task.js';
import { wholeLineChunks } from '../read/line-chunks.js';
import { readBytes, type ReadProgress } from '../read/open-input.js';
import type { FieldSpec } from '../read/record-fields.js';
import type { InputRecord } from '../read/records.js';

/**
 * Raw line chunks of about `chunkBytes` bytes as `lines` tasks. Their lines are numbered from 1 on
 * the worker and renumbered in input order when results come back (see `rebaseLines`).
 */
export async function* lineTasks(
  path: string,
  format: 'jsonl' | 'text',
  spec: FieldSpec,
  chunkBytes: number,
  progress?: ReadProgress,
): AsyncGenerator<SourcedTask> {
  for await (const bytes of wholeLineChunks(await readBytes(path, progress), chunkBytes)) {
    yield { task: { kind: 'lines', bytes, format, spec } };
  }
}

/** Records read on this thread, in batches of `batchSize`, as `texts` tasks. */
export function recordTasks(
  records: AsyncIterable<InputRecord>,
  batchSize: number,
): AsyncGenerator<SourcedTask> {
  return textTasks(records, batchSize);
}
