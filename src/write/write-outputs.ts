/**
 * The output files of a dedup run. The deduplicated corpus is written by reading the input a
 * second time and copying the raw text of every kept record, so records come out exactly as they
 * went in and no parsed record had to be held in memory.
 */
import type { Cluster, ClusterTable } from '../cluster/cluster-table.js';
import { round4 } from '../cluster/clusters.js';
import { CANONICAL_POLICIES } from '../options/options.js';
import { possibleByKept } from '../cluster/possible.js';
import type { AtomicFile } from '../files/atomic-file.js';
import { wholeLineChunks } from '../read/line-chunks.js';
import { readBytes } from '../read/open-input.js';
import { readRecords, type ReadContext, type RecordReadOptions } from '../read/records.js';
import { ascii, jsonNumber, numberBytes, put, writeUint } from './json-bytes.js';

/** Hears how many records an output has passed so far (now and then, not per record). */
export type OnWritten = (records: number) => void;

/** Bytes of one write of the clusters file. */
const WRITE_BYTES = 1 << 20;

/** Records between two calls of an OnWritten where records are handled one by one. */
const REPORT_EVERY = 4096;

/**
 * Copies the records with `keep(index)` true to `out`, a CSV/TSV header first.
 * @example await writeKept(path, name, readOptions, (i) => canonicalOf[i] === i, file)
 */
export async function writeKept(
  path: string,
  name: string,
  o: RecordReadOptions,
  keep: (index: number) => boolean,
  out: AtomicFile,
  onWritten?: OnWritten,
): Promise<number> {
  const context: ReadContext = {};
  let written = 0;
  let passed = 0;
  let headerDone = false;
  // Problems were already reported in the first pass; here they are only skipped again.
  for await (const record of readRecords(path, name, o, () => {}, context)) {
    if (!headerDone && context.header !== undefined) {
      await out.write(context.header + '\n');
      headerDone = true;
    }
    if (keep(record.index)) {
      await out.write(record.raw + '\n');
      written++;
    }
    passed = record.index + 1;
    if (onWritten && passed % REPORT_EVERY === 0) onWritten(passed);
  }
  if (!headerDone && context.header !== undefined) await out.write(context.header + '\n');
  onWritten?.(passed);
  return written;
}

/**
 * Copies the lines whose numbers are marked in `keep` (a byte per line, 1-based) to `out`, as
 * bytes: records come out exactly as they went in, and nothing is parsed twice. Chunk by chunk,
 * runs of kept lines are copied whole (most lines are kept), each chunk written once.
 */
export async function writeKeptLines(
  path: string,
  keep: Uint8Array,
  out: AtomicFile,
  chunkBytes = 1 << 20,
  onWritten?: OnWritten,
): Promise<number> {
  let written = 0;
  let number = 0; // of the line being looked at
  for await (const b of wholeLineChunks(await readBytes(path), chunkBytes)) {
    // Room for every line plus a newline after a last line that has none.
    const kept = new Uint8Array(b.length + 1);
    let used = 0;
    let run = -1; // start of the run of kept lines being collected, or -1
    const flush = (to: number) => {
      if (run === -1) return;
      kept.set(b.subarray(run, to), used);
      used += to - run;
      run = -1;
    };
    let start = 0;
    while (start < b.length) {
      let end = b.indexOf(0x0a, start);
      if (end === -1) end = b.length;
      number++;
      if (number < keep.length && keep[number] === 1) {
        written++;
        const crlf = end > start && b[end - 1] === 0x0d;
        if (!crlf && end < b.length) {
          if (run === -1) run = start;
        } else {
          // A CRLF line, or the input's last line without a newline: its text alone, then a bare
          // newline like every other line's.
          flush(start);
          run = start;
          flush(crlf ? end - 1 : end);
          kept[used++] = 0x0a;
        }
      } else {
        flush(start);
      }
      start = end + 1;
    }
    flush(Math.min(start, b.length));
    if (used > 0) await out.write(kept.subarray(0, used));
    onWritten?.(number); // lines passed, records or not
  }
  return written;
}

/**
 * One cluster as a JSONL line: canonical first, then members by descending similarity. The
 * definition of the clusters file's lines; `tableClusterLine` writes the same text from the
 * cluster table without making objects (tested against this).
 */
export function clusterLine(c: Cluster): string {
  return JSON.stringify({
    cluster: c.cluster,
    size: c.size,
    canonical: c.canonical,
    reason: c.reason,
    members: c.members.map((m) =>
      m.containment === undefined
        ? { id: m.id, similarity: m.similarity }
        : { id: m.id, similarity: m.similarity, containment: m.containment },
    ),
  });
}

const CLUSTER_OPEN = ascii('{"cluster":');
const SIZE = ascii(',"size":');
const CANONICAL = ascii(',"canonical":');
const REASON = ascii(',"reason":"');
const MEMBERS = ascii('","members":[');
const MEMBER_OPEN = ascii('{"id":');
const SIMILARITY = ascii(',"similarity":');
const CONTAINMENT = ascii(',"containment":');
const POSSIBLE = ascii(',"possible":[');

/** Each canonical policy's name as bytes, by its position in CANONICAL_POLICIES. */
const REASONS = CANONICAL_POLICIES.map(ascii);

/** The most bytes `writeClusterLine` writes for cluster k with no possible duplicates. */
function lineBound(t: ClusterTable, k: number, idBytes: number): number {
  return 128 + (t.size(k) + 1) * (idBytes + 80);
}

/**
 * Writes cluster k of a table into buf at `at` as a JSONL line, the bytes of `clusterLine`'s text
 * for the cluster's object and a newline (tested), with `possible` (the text of a `"possible"` array's items) before the closing brace when given;
 * returns the end. Nothing is made per member: ids, numbers and the fixed parts are copied as
 * bytes, where a line of strings made the collector run as long as the encoding.
 */
function writeClusterLine(t: ClusterTable, k: number, buf: Buffer, at: number, possible?: string): number {
  const from = t.starts[k];
  const to = t.starts[k + 1];
  at = put(buf, at, CLUSTER_OPEN);
  at = writeUint(buf, at, k + 1);
  at = put(buf, at, SIZE);
  at = writeUint(buf, at, to - from);
  at = put(buf, at, CANONICAL);
  at = t.writeIdJson(t.members[from], buf, at);
  at = put(buf, at, REASON);
  at = put(buf, at, REASONS[t.reasons[k]]);
  at = put(buf, at, MEMBERS);
  for (let p = from; p < to; p++) {
    if (p > from) buf[at++] = 0x2c; // ,
    at = put(buf, at, MEMBER_OPEN);
    at = t.writeIdJson(t.members[p], buf, at);
    at = put(buf, at, SIMILARITY);
    at = numberBytes.write(buf, at, t.similarity[p]);
    if (t.containment) {
      at = put(buf, at, CONTAINMENT);
      at = numberBytes.write(buf, at, t.containment[p]);
    }
    buf[at++] = 0x7d; // }
  }
  buf[at++] = 0x5d; // ]
  if (possible !== undefined) {
    at = put(buf, at, POSSIBLE);
    at += buf.write(possible, at);
    buf[at++] = 0x5d;
  }
  buf[at++] = 0x7d;
  buf[at++] = 0x0a;
  return at;
}

/**
 * Cluster k (0-based) of a table as a JSONL line: the same text as `clusterLine` of the cluster's
 * object (tested), without making the object; what `writeClusters` writes for it.
 */
export function tableClusterLine(t: ClusterTable, k: number): string {
  const buf = Buffer.allocUnsafe(lineBound(t, k, t.maxIdJsonBytes));
  // The line without its newline.
  return buf.toString('utf8', 0, writeClusterLine(t, k, buf, 0) - 1);
}

/** Kept items that possibly repeat another (the second tier), by the kept item they point at. */
export interface PossibleColumns {
  possibleOf: Int32Array;
  possibleProbability: Float64Array;
}

/** The `"possible"` JSON array of a kept item's possible duplicates (see possibleByKept). */
function possibleArray(table: ClusterTable, p: PossibleColumns, items: readonly number[]): string {
  return items
    .map(
      (i) =>
        `{"id":${JSON.stringify(table.id(i))},"probability":${jsonNumber(round4(p.possibleProbability[i]))}}`,
    )
    .join(',');
}

/**
 * Writes a table's clusters as JSONL; `onWritten` hears the members written so far. With
 * `possible`, a cluster whose kept item other kept items possibly repeat lists them apart from
 * its members: `"possible":[{"id","probability"}]` (they are not removed).
 * @example await writeClusters(result.table, file, undefined, result)
 */
export async function writeClusters(
  table: ClusterTable,
  out: AtomicFile,
  onWritten?: OnWritten,
  possible?: PossibleColumns,
): Promise<void> {
  const possibleBy = possible ? possibleByKept(possible.possibleOf) : undefined;
  const idBytes = table.maxIdJsonBytes;
  // Lines are encoded straight into a buffer as bytes, and each full buffer is one write: no
  // string is made per line or member.
  let buf = Buffer.allocUnsafe(WRITE_BYTES);
  let used = 0;
  for (let k = 0; k < table.count; k++) {
    const extra = possibleBy?.get(table.members[table.starts[k]]);
    const text = extra === undefined ? undefined : possibleArray(table, possible!, extra);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const bound = lineBound(table, k, idBytes) + (text === undefined ? 0 : 3 * text.length + 16);
    if (used + bound > buf.length) {
      if (used > 0) {
        await out.write(buf.subarray(0, used));
        // Let the other outputs' reads and writes run between buffers: with a deep file buffer
        // the write above rarely waits, and this loop would hold the thread to the end.
        await new Promise(setImmediate);
      }
      buf = Buffer.allocUnsafe(Math.max(WRITE_BYTES, bound));
      used = 0;
      onWritten?.(table.starts[k]);
    }
    used = writeClusterLine(table, k, buf, used, text);
  }
  if (used > 0) await out.write(buf.subarray(0, used));
  onWritten?.(table.starts[table.count]);
}
