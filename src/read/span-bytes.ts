/**
 * Records read back from where the read pass located them (see line-spans.ts): the input's bytes
 * in large reads, each record's range sliced out, with no line search and no step per line. A run
 * that prints its three largest clusters wants three records, and walking every line up to them
 * took most of a second on the 1M corpus; annotating every record took longer than deduplicating.
 */
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
 * chunk in order; a range that crosses a read's end comes whole in the next chunk. Reading stops
 * after the last range. A chunk's bytes are valid until the next is asked for; `readSize`: bytes
 * per read.
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
  let carry: Uint8Array | undefined; // from the first range not yet whole, copied
  let carryBase = 0;
  const stream = await readBytes(path, undefined, readSize);
  try {
    for await (const read of withoutBom(stream)) {
      const bytes = carry ? Buffer.concat([carry, read]) : read;
      const base = carry ? carryBase : pos;
      pos += read.length;
      let to = k;
      while (to < n && ends[to] <= pos) to++;
      if (to > k) yield { bytes, base, from: k, to };
      k = to;
      if (k === n) return;
      carry = starts[k] < pos ? bytes.slice(Math.max(0, starts[k] - base)) : undefined;
      carryBase = Math.max(base, starts[k]);
    }
  } finally {
    stream.destroy();
  }
  throw new Error(
    `${path}: the input ends at byte ${pos}, before the record the read pass found at byte ${starts[k]}; was it changed during the run?`,
  );
}

/**
 * The bytes of each range, without its line ending, in order (copies). `readSize`: bytes per read
 * of the input (tests make ranges cross reads with small ones).
 * @example await rangeBytes(path, spans.kept((i) => wanted.has(i)))
 */
export async function rangeBytes(
  path: string,
  ranges: ByteRanges,
  readSize = READ_BYTES,
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const { bytes, base, from, to } of rangeChunks(path, ranges, readSize)) {
    for (let k = from; k < to; k++) {
      const end = lineEnd(bytes, ranges.starts[k] - base, ranges.ends[k] - base);
      out.push(bytes.slice(ranges.starts[k] - base, end));
    }
  }
  return out;
}

/** Where a range's text ends: before its `\n` (a range holds no `\r` before it: see lineSpans). */
export function lineEnd(bytes: Uint8Array, start: number, end: number): number {
  return end > start && bytes[end - 1] === 0x0a ? end - 1 : end;
}

/**
 * A stream's chunks less a leading UTF-8 BOM (the read pass counted offsets after it), however
 * few bytes its first chunks hold.
 */
async function* withoutBom(stream: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
  let head: Uint8Array = new Uint8Array(0);
  let started = false;
  for await (const chunk of stream) {
    if (started) {
      yield chunk;
      continue;
    }
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    if (head.length < 3) continue;
    started = true;
    yield isBom(head) ? head.subarray(3) : head;
  }
  if (!started && head.length > 0) yield head;
}

function isBom(b: Uint8Array): boolean {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}
