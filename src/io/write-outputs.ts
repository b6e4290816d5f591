/**
 * The output files of a dedup run. The deduplicated corpus is written by reading the input a
 * second time and copying the raw text of every kept record, so records come out exactly as they
 * went in and no parsed record had to be held in memory.
 */
import type { Cluster } from '../engine/clusters.js';
import type { AtomicFile } from './atomic-file.js';
import { rawLines } from './line-chunks.js';
import { readBytes } from './open-input.js';
import { readRecords, type ReadContext, type RecordReadOptions } from './records.js';

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
): Promise<number> {
  const context: ReadContext = {};
  let written = 0;
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
  }
  if (!headerDone && context.header !== undefined) await out.write(context.header + '\n');
  return written;
}

/**
 * Copies the lines whose numbers are marked in `keep` (a byte per line, 1-based) to `out`, as
 * bytes: records come out exactly as they went in, and nothing is parsed twice.
 */
export async function writeKeptLines(path: string, keep: Uint8Array, out: AtomicFile): Promise<number> {
  const block = new Uint8Array(1 << 20);
  let used = 0;
  let written = 0;
  const flush = async () => {
    if (used > 0) await out.write(block.slice(0, used));
    used = 0;
  };
  for await (const line of rawLines(await readBytes(path))) {
    if (line.number >= keep.length || keep[line.number] === 0) continue;
    if (used + line.bytes.length + 1 > block.length) {
      await flush();
      if (line.bytes.length + 1 > block.length) {
        await out.write(line.bytes.slice());
        await out.write('\n');
        written++;
        continue;
      }
    }
    block.set(line.bytes, used);
    used += line.bytes.length;
    block[used++] = 0x0a;
    written++;
  }
  await flush();
  return written;
}

/** One cluster as a JSONL line: canonical first, then members by descending similarity. */
export function clusterLine(c: Cluster): string {
  return JSON.stringify({
    cluster: c.cluster,
    size: c.size,
    canonical: c.canonical,
    reason: c.reason,
    members: c.members.map((m) => (m.containment === undefined ? { id: m.id, similarity: m.similarity } : { id: m.id, similarity: m.similarity, containment: m.containment })),
  });
}

export async function writeClusters(clusters: readonly Cluster[], out: AtomicFile): Promise<void> {
  let buf = '';
  for (const c of clusters) {
    buf += clusterLine(c) + '\n';
    if (buf.length > 1 << 16) {
      await out.write(buf);
      buf = '';
    }
  }
  if (buf) await out.write(buf);
}
