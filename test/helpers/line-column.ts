/**
 * Inputs of lines for the byte-range readers and writers: lines of a few characters (CJK, quotes,
 * spaces, a stray `\r`), each maybe ending in `\r\n`; and every line of a file located as a record,
 * as the read pass locates them, chunk by chunk.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { countNewlines, wholeLineChunks } from '../../src/read/line-chunks.js';
import { lineSpans, SpanColumn } from '../../src/read/line-spans.js';

/** A line's text and whether it ends in `\r\n`. */
export const lineArbitrary = fc.tuple(
  fc.string({ unit: fc.constantFrom('a', '标', '"', ' ', '\r'), maxLength: 12 }),
  fc.boolean(),
);

/** The text of such lines, with a last newline or not. */
export function linesText(lines: [string, boolean][], finalNewline: boolean): string {
  const text = lines.map(([l, crlf]) => l + (crlf ? '\r' : '')).join('\n');
  return finalNewline && lines.length > 0 ? `${text}\n` : text;
}

/**
 * Every line of the file a record, its byte range found chunk by chunk (`chunkBytes` each), the
 * file read in pieces of `pieceBytes` (whole by default).
 */
export async function everyLine(input: string, chunkBytes: number, pieceBytes?: number): Promise<SpanColumn> {
  const column = new SpanColumn();
  const file = readFileSync(input);
  const pieces: Buffer[] = [];
  const step = pieceBytes ?? Math.max(1, file.length);
  for (let at = 0; at < file.length; at += step) pieces.push(file.subarray(at, at + step));
  for await (const bytes of wholeLineChunks(Readable.from(pieces), chunkBytes)) {
    const count = countNewlines(bytes) + (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? 1 : 0);
    column.append(
      lineSpans(
        bytes,
        Uint32Array.from({ length: count }, (_, k) => k + 1),
      ),
      bytes.length,
    );
  }
  return column;
}
