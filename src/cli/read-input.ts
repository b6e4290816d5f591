/**
 * Reading an input through the engine, shared by `dedup` and `bench`: JSONL and text go to the
 * workers as raw line chunks (and the line of every record is kept, so outputs can be copied by
 * line number); CSV/TSV are parsed here. Bad records fail the run or are collected, per
 * --on-error.
 */
import { GrowableU32 } from '../prepare/growable.js';
import { dedupTasks, type DedupResult, type RunOptions, type SourcedTask } from '../engine/dedup.js';
import { MemoryBound } from './memory-bound.js';
import { countNewlines } from '../read/line-chunks.js';
import { lineTasks, recordTasks } from '../engine/file-tasks.js';
import type { InputFormat } from '../read/format.js';
import type { InputSource, ReadProgress } from '../read/open-input.js';
import {
  problemError,
  readRecords,
  type InputProblem,
  type InputRecord,
  type RecordReadOptions,
} from '../read/records.js';
import type { ResolvedOptions } from '../options/options.js';
import { SpanColumn } from '../read/line-spans.js';

/** JSONL and text are cut into chunks of about batch size × this many bytes. */
export const BYTES_PER_RECORD = 100;

export interface ReadResult {
  result: DedupResult;
  /** True when records are lines (JSONL, text), which outputs can copy by line number. */
  byLines: boolean;
  /** The (first) line of every record, by input position. */
  recordLines: Uint32Array;
  /** With `byLines`: every record's byte range in the input, for copying kept records. */
  spans?: SpanColumn;

  rejected: InputProblem[];
}

export async function readAndDedup(
  source: InputSource,
  format: InputFormat,
  readOptions: RecordReadOptions,
  options: ResolvedOptions,
  run: RunOptions,
  progress?: ReadProgress,
  maxMemory?: number,
): Promise<ReadResult> {
  const byLines = format === 'jsonl' || format === 'text';
  const recordLines = new GrowableU32(1024);
  const spans = byLines ? new SpanColumn() : undefined;
  const rejected: InputProblem[] = [];
  // The memory bound counts the input as it is handed on, before the engine holds it.
  const bound = maxMemory === undefined ? undefined : new MemoryBound(maxMemory, progress);
  async function* withLines(records: AsyncIterable<InputRecord>) {
    for await (const r of records) {
      recordLines.append(Uint32Array.of(r.line));
      bound?.read(Buffer.byteLength(r.raw) + 1, r.index + 1);
      yield r;
    }
  }
  async function* bounded(tasks: AsyncIterable<SourcedTask>) {
    for await (const t of tasks) {
      if (bound && t.task.kind === 'lines') {
        // The records only when the bound stops the run: those parsed so far and this chunk's
        // lines (chunks still on the workers are not counted). Counting every chunk's lines here
        // was a pass over every byte on this thread, for a message almost no run prints.
        const bytes = t.task.bytes;
        bound.read(bytes.length, () => recordLines.length + countNewlines(bytes));
      }
      yield t;
    }
  }
  const tasks = byLines
    ? bounded(lineTasks(source.path, format, readOptions, options.batchSize * BYTES_PER_RECORD, progress))
    : recordTasks(
        withLines(readRecords(source.path, source.name, readOptions, (p) => rejected.push(p))),
        options.batchSize,
      );
  const result = await dedupTasks(tasks, options, {
    // The CLI owns its process: full collections between stages keep its peak memory steady.
    collectGarbage: true,
    ...run,
    onParsed: (parsed) => {
      if (parsed.problems.length > 0) {
        if (readOptions.onError === 'fail') throw problemError(source.name, parsed.problems[0]);
        rejected.push(...parsed.problems);
      }
      recordLines.append(parsed.lines);
      spans?.append(parsed.spans, parsed.chunkBytes);
    },
  });
  return { result, byLines, recordLines: recordLines.view(), rejected, ...(spans && { spans }) };
}
