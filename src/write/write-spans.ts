/**
 * The deduplicated corpus written by copying byte ranges of the input: the read pass located
 * every record's line (see read/line-spans.ts), so this pass only streams the input's bytes past
 * the kept ranges, with no line search and no parsing. Runs of kept lines that follow one another
 * are one range, copied whole; each input buffer's ranges go out as one write. The bytes are those
 * `writeKeptLines` writes (tested against it): a line ending in `\r\n`, or the input's last line
 * without a newline, comes out as its text and a bare `\n`.
 */
import type { AtomicFile } from '../files/atomic-file.js';
import { withoutBom } from '../read/line-chunks.js';
import { readBytes } from '../read/open-input.js';
import type { OnWritten } from './write-outputs.js';

const NEWLINE = Uint8Array.of(0x0a);
/** Bytes of one read of the input. */
const READ_BYTES = 1 << 23;

/**
 * Copies the byte ranges `[starts[k], ends[k])` of the input (ascending, offsets after a UTF-8
 * BOM, as the read pass counted them) to `out`, each followed by `\n` unless it ends in one.
 * @example await writeKeptSpans(path, spans.kept((i) => canonicalOf[i] === i), file)
 */
export async function writeKeptSpans(
  path: string,
  spans: { starts: Float64Array; ends: Float64Array },
  out: AtomicFile,
  onWritten?: OnWritten,
): Promise<number> {
  const { starts, ends } = spans;
  const n = starts.length;
  let k = 0; // the next range not yet in a run
  let runStart = -1;
  let runEnd = -1;
  // The next run: ranges that end where the next begins are copied as one.
  const nextRun = (): void => {
    if (k >= n) {
      runStart = -1;
      return;
    }
    runStart = starts[k];
    runEnd = ends[k++];
    // An empty range (a last line of only \r) stands alone: it still owes its \n.
    while (k < n && starts[k] === runEnd && ends[k] > starts[k]) runEnd = ends[k++];
  };
  nextRun();
  let pos = 0; // offset of the buffer at hand
  // Large reads: each buffer needs this thread once, and the clusters file is made on it too.
  // The read pass counted offsets after a BOM (see withoutBom).
  for await (const buf of withoutBom(await readBytes(path, undefined, READ_BYTES))) {
    const bufEnd = pos + buf.length;
    const parts: Uint8Array[] = [];
    while (runStart !== -1 && runStart < bufEnd) {
      const from = Math.max(runStart, pos);
      const to = Math.min(runEnd, bufEnd);
      if (to > from) parts.push(buf.subarray(from - pos, to - pos));
      if (runEnd > bufEnd) break; // the run goes on in the next buffer
      // A run that ends here ends in this buffer: it began at or after `pos`, or went on past it.
      if (runEnd === runStart || buf[runEnd - 1 - pos] !== 0x0a) parts.push(NEWLINE);
      nextRun();
    }
    pos = bufEnd;
    if (parts.length > 0) await out.write(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    onWritten?.(k);
  }
  return n;
}
