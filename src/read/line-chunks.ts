/**
 * Cuts a byte stream into chunks of whole lines (about `targetBytes` each) without decoding it,
 * numbering lines as it goes, so workers can parse chunks in parallel and still report the
 * file's own line numbers. A leading UTF-8 BOM is dropped; a last line without a newline counts.
 */
import type { Readable } from 'node:stream';

export interface LineChunk {
  /** Whole lines, each ending in \n except possibly the input's last; its own buffer (transferable). */
  bytes: Uint8Array;
  /** 1-based number of the chunk's first line. */
  firstLine: number;
  /** Lines in the chunk. */
  lines: number;
}

/**
 * A byte stream's chunks less a leading UTF-8 BOM, however few bytes its first chunks hold (a
 * gzip member may give one byte). Every pass over the input drops it this way, so that all count
 * the same offsets.
 * @example for await (const bytes of withoutBom(createReadStream('a.jsonl'))) use(bytes)
 */
export async function* withoutBom(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
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
    yield head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  }
  if (!started && head.length > 0) yield head;
}

/** The newlines in `b` (a chunk's lines, less a last one without a newline). */
export function countNewlines(b: Uint8Array): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

function own(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A stream cut into chunks of whole lines (about `targetBytes` each, each its own buffer), lines
 * not counted: for readers that walk the lines anyway (a worker parsing them, the kept-lines
 * writer), counting them here as well was a main-thread pass over every byte.
 * @example for await (const bytes of wholeLineChunks(createReadStream('a.jsonl'))) console.log(bytes.length)
 */
export async function* wholeLineChunks(stream: Readable, targetBytes = 1 << 20): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  for await (const data of withoutBom(stream as AsyncIterable<Uint8Array>)) {
    parts.push(data);
    size += data.length;
    if (size < targetBytes) continue;
    // Cut after the last newline; what follows waits for the next buffer.
    const last = data.lastIndexOf(0x0a);
    if (last === -1) continue;
    const tail = data.subarray(last + 1);
    parts[parts.length - 1] = data.subarray(0, last + 1);
    yield own(parts, size - tail.length);
    parts = tail.length ? [tail] : [];
    size = tail.length;
  }
  if (size > 0) yield own(parts, size);
}

/** Lines in a chunk of whole lines: its newlines, and a last line without one. */
function linesIn(bytes: Uint8Array): number {
  return bytes.length === 0 ? 0 : countNewlines(bytes) + (bytes[bytes.length - 1] === 0x0a ? 0 : 1);
}

/**
 * The line chunks of a stream, numbered.
 * @example for await (const c of lineChunks(createReadStream('a.jsonl'))) console.log(c.firstLine, c.lines)
 */
export async function* lineChunks(stream: Readable, targetBytes = 1 << 20): AsyncGenerator<LineChunk> {
  let nextLine = 1;
  for await (const bytes of wholeLineChunks(stream, targetBytes)) {
    const lines = linesIn(bytes);
    yield { bytes, firstLine: nextLine, lines };
    nextLine += lines;
  }
}

/**
 * The lines that hold records, as raw bytes with the record's position: the file's lines walked
 * beside `recordLines` (the line of every record, ascending), for passes that reread records.
 */
export async function* recordLineBytes(
  stream: Readable,
  recordLines: Uint32Array,
): AsyncGenerator<{ index: number; number: number; bytes: Uint8Array }> {
  let index = 0;
  for await (const line of rawLines(stream)) {
    if (index >= recordLines.length) return;
    if (recordLines[index] !== line.number) continue;
    yield { index: index++, ...line };
  }
}

/**
 * Every line of a stream as raw bytes with its number, for copying records out unchanged.
 * The bytes exclude the line ending.
 */
export async function* rawLines(stream: Readable): AsyncGenerator<{ number: number; bytes: Uint8Array }> {
  for await (const chunk of lineChunks(stream)) {
    const b = chunk.bytes;
    let start = 0;
    for (let k = 0; k < chunk.lines; k++) {
      let end = b.indexOf(0x0a, start);
      if (end === -1) end = b.length;
      let stop = end;
      if (stop > start && b[stop - 1] === 0x0d) stop--;
      yield { number: chunk.firstLine + k, bytes: b.subarray(start, stop) };
      start = end + 1;
    }
  }
}
