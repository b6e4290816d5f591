/**
 * Splits a byte stream into lines without decoding the whole input at once. Each line is decoded
 * on its own, so invalid UTF-8 is reported with its line number. CRLF and a leading BOM are
 * handled; a final line without a newline is still a line.
 */
import type { Readable } from 'node:stream';

export interface Line {
  /** 1-based line number. */
  number: number;
  /** The decoded line, without its line ending. */
  text: string;
  /** False when the bytes were not valid UTF-8 (text then holds U+FFFD replacements). */
  validUtf8: boolean;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Buffer): { text: string; validUtf8: boolean } {
  const text = bytes.toString('utf8');
  // toString never throws; a replacement character means either real U+FFFD or bad bytes, and
  // only then is the strict decoder asked which.
  if (!text.includes('\ufffd')) return { text, validUtf8: true };
  try {
    strictDecoder.decode(bytes);
    return { text, validUtf8: true };
  } catch {
    return { text, validUtf8: false };
  }
}

/**
 * The lines of a byte stream.
 * @example for await (const line of readLines(createReadStream('a.txt'))) console.log(line.number, line.text)
 */
export async function* readLines(stream: Readable): AsyncGenerator<Line> {
  let carry: Buffer[] = [];
  let number = 0;
  let first = true;
  const emit = (parts: Buffer[]): Line => {
    let bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (first) {
      first = false;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    number++;
    return { number, ...decode(bytes) };
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      carry.push(chunk.subarray(start, nl));
      yield emit(carry);
      carry = [];
      start = nl + 1;
    }
    if (start < chunk.length) carry.push(chunk.subarray(start));
  }
  if (carry.length > 0 && carry.some((b) => b.length > 0)) yield emit(carry);
}
