/**
 * Lines of a byte stream, each decoded on its own so that invalid UTF-8 is reported with its line
 * number. Built on `rawLines` (line-chunks.ts): CRLF and a leading BOM are handled there, and a
 * final line without a newline is still a line.
 */
import type { Readable } from 'node:stream';
import { rawLines } from './line-chunks.js';

export interface Line {
  /** 1-based line number. */
  number: number;
  /** The decoded line, without its line ending. */
  text: string;
  /** False when the bytes were not valid UTF-8 (text then holds U+FFFD replacements). */
  validUtf8: boolean;
}

const lenient = new TextDecoder('utf-8');
const strict = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes are valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The lines of a byte stream.
 * @example for await (const line of readLines(createReadStream('a.txt'))) console.log(line.number, line.text)
 */
export async function* readLines(stream: Readable): AsyncGenerator<Line> {
  for await (const { number, bytes } of rawLines(stream)) {
    const text = lenient.decode(bytes);
    // Decoding never throws; a replacement character means either a real U+FFFD or bad bytes,
    // and only then is the strict decoder asked which.
    yield { number, text, validUtf8: !text.includes('\ufffd') || isValidUtf8(bytes) };
  }
}
