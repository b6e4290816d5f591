/**
 * `--annotate OUT`: every record, in input order, with what dedup decided about it added:
 * `cluster` (number, or null when alone), `canonical` (the kept record's id), `duplicate_of`
 * (the canonical id when this record is removed, else null) and `similarity` (to the canonical
 * record; null when alone), and the learned decision's second tier: `possible_of` (the earlier
 * kept record this kept record possibly repeats, else null) and `probability` (that pair's). JSONL
 * records keep their bytes, the fields spliced in before the closing brace; CSV/TSV get six more
 * columns; plain text lines become JSONL objects.
 */
import type { DedupResult } from '../engine/dedup.js';
import { round4 } from '../cluster/clusters.js';
import type { AtomicFile } from '../files/atomic-file.js';
import { recordLineBytes } from '../read/line-chunks.js';
import type { ReadBack } from '../read/collect-texts.js';
import { readBytes } from '../read/open-input.js';
import { readRecords, type ReadContext } from '../read/records.js';
import { type ReadWriteSizes, writeAnnotatedRanges } from './annotate-ranges.js';

export const ANNOTATION_FIELDS = [
  'cluster',
  'canonical',
  'duplicate_of',
  'similarity',
  'possible_of',
  'probability',
] as const;

/** What dedup decided about one record, as --annotate adds it. */
export interface AnnotationValues {
  cluster: number | null;
  canonical: string;
  duplicate_of: string | null;
  similarity: number | null;
  /** The earlier kept record this kept record possibly repeats (the second tier), or null. */
  possible_of: string | null;
  /** That pair's probability under the learned decision, or null. */
  probability: number | null;
}

/** Per-item annotation values, from a dedup result. */
export class Annotations {
  readonly #r: DedupResult;
  readonly #similarity: Float64Array;

  constructor(r: DedupResult) {
    this.#r = r;
    this.#similarity = r.table.similarityByItem(r.counts.items);
  }

  /** The values for item i; `ownId` is the record's id (canonical of itself when alone). */
  values(i: number, ownId: string): AnnotationValues {
    const cluster = this.#r.clusterOf[i];
    const of = this.#r.possibleOf[i];
    const possible =
      of < 0
        ? { possible_of: null, probability: null }
        : { possible_of: this.#r.ids.get(of), probability: round4(this.#r.possibleProbability[i]) };
    if (cluster === 0)
      return { cluster: null, canonical: ownId, duplicate_of: null, similarity: null, ...possible };
    const canonical = this.#r.table.id(this.#r.canonicalOf[i]);
    return {
      cluster,
      canonical,
      duplicate_of: this.#r.canonicalOf[i] === i ? null : canonical,
      similarity: this.#similarity[i],
      ...possible,
    };
  }
}

function csvField(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** JSON fields spliced into a raw JSONL object line, keeping the record's own bytes. */
function spliceJson(raw: string, fields: object): string {
  const body = JSON.stringify(fields).slice(1, -1);
  const end = raw.lastIndexOf('}');
  const inner = raw.slice(0, end).trimEnd();
  return `${inner}${inner.endsWith('{') ? '' : ','}${body}}`;
}

/**
 * Writes the annotated records. With the input's `spans` (JSON lines or text read as bytes), through the
 * records' byte ranges (annotate-ranges.ts, with `sizes`); else by walking the input's lines or
 * records again (for JSON lines and text, also the oracle the tests hold the ranges to).
 * @example await writeAnnotated(input, result, file)
 */
export async function writeAnnotated(
  input: ReadBack,
  result: DedupResult,
  out: AtomicFile,
  sizes?: ReadWriteSizes,
): Promise<void> {
  const { path, name, format, readOptions, recordLines, spans } = input;
  // Made when first asked: the byte path reads the result's columns itself.
  let made: Annotations | undefined;
  const ann = () => (made ??= new Annotations(result));
  // A text line's object, and a JSONL record spliced as a string: the definition of both.
  const textLine = (i: number, raw: string) =>
    JSON.stringify({ line: recordLines[i], text: raw, ...ann().values(i, String(recordLines[i])) });
  const jsonLine = (i: number, raw: string) => spliceJson(raw, ann().values(i, result.ids.get(i)));
  if (spans && (format === 'jsonl' || format === 'text')) {
    const asString = format === 'text' ? textLine : jsonLine;
    await writeAnnotatedRanges(
      path,
      spans.kept(() => true),
      format,
      result,
      out,
      asString,
      sizes,
    );
    return;
  }
  let buf = '';
  const emit = async (line: string) => {
    buf += line + '\n';
    if (buf.length > 1 << 16) {
      await out.write(buf);
      buf = '';
    }
  };
  if (format === 'csv' || format === 'tsv') {
    const delimiter = format === 'tsv' ? '\t' : ',';
    const context: ReadContext = {};
    let headerDone = false;
    for await (const r of readRecords(path, name, readOptions, () => {}, context)) {
      if (!headerDone) {
        await emit(context.header + delimiter + ANNOTATION_FIELDS.join(delimiter));
        headerDone = true;
      }
      const v = ann().values(r.index, r.id);
      const cells = [
        v.cluster === null ? '' : String(v.cluster),
        v.canonical,
        v.duplicate_of ?? '',
        v.similarity === null ? '' : String(v.similarity),
        v.possible_of ?? '',
        v.probability === null ? '' : String(v.probability),
      ];
      await emit(r.raw + delimiter + cells.map((c) => csvField(c, delimiter)).join(delimiter));
    }
  } else {
    // Records are lines: walk the file's lines and the record → line map together.
    const decoder = new TextDecoder();
    for await (const line of recordLineBytes(await readBytes(path), recordLines)) {
      const raw = decoder.decode(line.bytes);
      await emit(format === 'text' ? textLine(line.index, raw) : jsonLine(line.index, raw));
    }
  }
  if (buf) await out.write(buf);
}
