/**
 * Records read back from where the read pass located them (see line-spans.ts): the input's bytes
 * in large reads, each record's range sliced out, with no line search and no step per line. A run
 * that prints its three largest clusters wants three records, and walking every line up to them
 * took most of a second on the 1M corpus; annotating every record took longer than deduplicating.
 */
import { NeardupError } from '../errors.js';
import { withoutBom } from './line-chunks.js';
import { readBytes } from './open-input.js';

/** Bytes of one read of the input. */
const READ_BYTES = 1 << 23;

/** Byte ranges of records in the input: `[starts[k], ends[k])`, ascending. */
export interface ByteRanges {
  starts: Float64Array;
  ends: Float64Array;
}

/** Some of the ranges, whole in one buffer: range k is `bytes[starts[k] - base, ends[k] - base)`. */
export interface RangeChunk {
  bytes: Uint8Array;
  base: number;
  /** The ranges in it: [from, to). */
  from: number;
  to: number;
}

/**
 * The ranges of the input (offsets after a UTF-8 BOM, as the read pass counted them), chunk by
 * chunk in order: the ranges whole in one read, as that read; a range that crosses reads, alone,
 * its parts joined once. Reading stops after the last range, and the input is closed. A chunk's
 * bytes are valid until the next is asked for; `readSize`: bytes per read.
 * @example for await (const c of rangeChunks(path, spans.kept(() => true))) use(c)
 */
export async function* rangeChunks(
  path: string,
  ranges: ByteRanges,
  readSize = READ_BYTES,
): AsyncGenerator<RangeChunk> {
  const { starts, ends } = ranges;
  const n = starts.length;
  if (n === 0) return;
  let k = 0;
  let pos = 0; // the input offset just past what was read
  // The parts of range k read so far, when it began in an earlier read (copies: the stream's
  // buffers are not kept).
  let pending: Uint8Array[] | undefined;
  const stream = await readBytes(path, undefined, readSize);
  try {
    for await (const read of withoutBom(stream)) {
      const base = pos;
      pos += read.length;
      if (pending) {
        if (ends[k] > pos) {
          pending.push(Uint8Array.prototype.slice.call(read));
          continue;
        }
        pending.push(read.subarray(0, ends[k] - base));
        yield { bytes: Buffer.concat(pending), base: starts[k], from: k, to: k + 1 };
        pending = undefined;
        k++;
      }
      let to = k;
      while (to < n && ends[to] <= pos) to++;
      if (to > k) yield { bytes: read, base, from: k, to };
      k = to;
      if (k === n) return;
      if (starts[k] < pos) pending = [Uint8Array.prototype.slice.call(read, starts[k] - base)];
    }
  } finally {
    stream.destroy();
  }
  throw new NeardupError(
    'E_INPUT',
    `${path}: the input ends at byte ${pos}, before the end of the record the read pass found at bytes ${starts[k]}–${ends[k]}; was the file changed during the run?`,
  );
}

/**
 * Calls `visit` with each range's text (its bytes less the line ending), in order: a view, valid
 * during the call. `readSize`: bytes per read of the input (tests make ranges cross reads).
 * @example await eachRange(path, spans.kept((i) => wanted.has(i)), (k, bytes) => decode(bytes))
 */
export async function eachRange(
  path: string,
  ranges: ByteRanges,
  visit: (k: number, bytes: Uint8Array) => void,
  readSize = READ_BYTES,
): Promise<void> {
  for await (const { bytes, base, from, to } of rangeChunks(path, ranges, readSize)) {
    for (let k = from; k < to; k++) {
      const start = ranges.starts[k] - base;
      visit(k, bytes.subarray(start, lineEnd(bytes, start, ranges.ends[k] - base)));
    }
  }
}

/** Where a range's text ends: before its `\n` (a range holds no `\r` before it: see lineSpans). */
export function lineEnd(bytes: Uint8Array, start: number, end: number): number {
  return end > start && bytes[end - 1] === 0x0a ? end - 1 : end;
}
