/**
 * `--annotate` for JSON lines and text read as bytes: every record's range as the read pass
 * located it (see read/span-bytes.ts), its annotation fields written into a byte buffer beside its
 * own bytes. The text is that of `writeAnnotated`'s line walk (tested against it), where each
 * record was decoded, spliced as a string and encoded again: that walk took longer than the
 * deduplication itself on the 1M corpus.
 */
import { round4 } from '../cluster/clusters.js';
import type { DedupResult } from '../engine/dedup.js';
import type { AtomicFile } from '../files/atomic-file.js';
import { lineEnd, rangeChunks, type ByteRanges } from '../read/span-bytes.js';
import { ascii, numberBytes, put, writeUint } from './json-bytes.js';

/** Bytes of one write. */
const WRITE_BYTES = 1 << 20;

/** Buffer sizes: bytes per read of the input and per write (tests make records cross both). */
export interface ReadWriteSizes {
  readSize?: number;
  writeBytes?: number;
}

const CLUSTER = ascii('"cluster":');
const CANONICAL = ascii(',"canonical":');
const DUPLICATE_OF = ascii(',"duplicate_of":');
const SIMILARITY = ascii(',"similarity":');
const POSSIBLE_OF = ascii(',"possible_of":');
const PROBABILITY = ascii(',"probability":');
const NULL = ascii('null');

/** JSON's whitespace: what may stand between an object's last value and its closing brace. */
function jsonSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Writes every record of `ranges` (item k is range k) with its annotation: JSONL records keep
 * their bytes, the fields spliced in before the closing brace; text lines become JSONL objects,
 * and so would a JSONL line without a brace: `asString` writes those as the line walk does.
 * @example await writeAnnotatedRanges(path, spans.kept(() => true), 'jsonl', result, out, asString)
 */
export async function writeAnnotatedRanges(
  path: string,
  ranges: ByteRanges,
  format: 'jsonl' | 'text',
  result: DedupResult,
  out: AtomicFile,
  asString: (i: number, raw: string) => string,
  sizes: ReadWriteSizes = {},
): Promise<void> {
  const writeBytes = sizes.writeBytes ?? WRITE_BYTES;
  const { table, ids, clusterOf, canonicalOf, possibleOf, possibleProbability } = result;
  // Text lines are written by `asString`, which has its own.
  const similarity = format === 'jsonl' ? table.similarityByItem(result.counts.items) : undefined;
  const idBytes = Math.max(table.maxIdJsonBytes, ids.maxJsonBytes);
  const decoder = new TextDecoder();
  let buf = Buffer.allocUnsafe(writeBytes);
  let used = 0;
  for await (const { bytes, base, from, to } of rangeChunks(path, ranges, sizes.readSize)) {
    for (let i = from; i < to; i++) {
      const s = ranges.starts[i] - base;
      const e = lineEnd(bytes, s, ranges.ends[i] - base);
      let close = e - 1;
      if (format === 'jsonl') while (close >= s && bytes[close] !== 0x7d) close--;
      // A line of text, or (never from the read pass) an object line without a brace: as a string.
      const line =
        format === 'text' || close < s ? asString(i, decoder.decode(bytes.subarray(s, e))) : undefined;
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      const bound = line === undefined ? e - s + 3 * idBytes + 160 : 3 * line.length + 1;
      if (used + bound > buf.length) {
        if (used > 0) await out.write(buf.subarray(0, used));
        buf = Buffer.allocUnsafe(Math.max(writeBytes, bound));
        used = 0;
      }
      if (line !== undefined) {
        used += buf.write(line, used);
        buf[used++] = 0x0a;
        continue;
      }
      let inner = close;
      while (inner > s && jsonSpace(bytes[inner - 1])) inner--;
      buf.set(bytes.subarray(s, inner), used);
      used += inner - s;
      if (inner === s || bytes[inner - 1] !== 0x7b) buf[used++] = 0x2c; // , unless after {
      used = put(buf, used, CLUSTER);
      const cluster = clusterOf[i];
      used = cluster === 0 ? put(buf, used, NULL) : writeUint(buf, used, cluster);
      used = put(buf, used, CANONICAL);
      const canonical = canonicalOf[i];
      used = cluster === 0 ? ids.writeJson(i, buf, used) : table.writeIdJson(canonical, buf, used);
      used = put(buf, used, DUPLICATE_OF);
      used =
        cluster === 0 || canonical === i ? put(buf, used, NULL) : table.writeIdJson(canonical, buf, used);
      used = put(buf, used, SIMILARITY);
      used = cluster === 0 ? put(buf, used, NULL) : numberBytes.write(buf, used, similarity![i]);
      const of = possibleOf[i];
      used = put(buf, used, POSSIBLE_OF);
      used = of < 0 ? put(buf, used, NULL) : ids.writeJson(of, buf, used);
      used = put(buf, used, PROBABILITY);
      used = of < 0 ? put(buf, used, NULL) : numberBytes.write(buf, used, round4(possibleProbability[i]));
      buf[used++] = 0x7d;
      buf[used++] = 0x0a;
    }
  }
  if (used > 0) await out.write(buf.subarray(0, used));
}
