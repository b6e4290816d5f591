/**
 * Records read back through the byte ranges the read pass located, against the line walk they
 * replace: the ranges' bytes against split lines (any chunk size, line endings, a BOM, gzip), and
 * `--annotate` and the texts that summaries and reports read back, through ranges, against the
 * same run's by the line walk.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AtomicFile } from '../src/files/atomic-file.js';
import { type ByteRanges, eachRange } from '../src/read/span-bytes.js';
import { everyLine, lineArbitrary, linesText } from './helpers/line-column.js';
import { readAndDedup } from '../src/cli/read-input.js';
import { resolveOptions } from '../src/options/options.js';
import { writeAnnotated } from '../src/write/annotate.js';
import { collectTexts } from '../src/read/collect-texts.js';
import type { RecordReadOptions } from '../src/read/records.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-read-back-'));

/** The ranges' texts, as strings. */
async function rangeTexts(input: string, ranges: ByteRanges, readSize: number): Promise<string[]> {
  const out: string[] = [];
  await eachRange(input, ranges, (_, bytes) => out.push(Buffer.from(bytes).toString('utf8')), readSize);
  return out;
}

describe('eachRange', () => {
  it('gives each chosen line as split lines do, for any read size, plain or gzip, however the BOM is split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArbitrary, { maxLength: 60 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.boolean(), { maxLength: 70 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        async (lines, finalNewline, bom, gz, marks, chunkBytes, readBytes, pieceBytes) => {
          const text = linesText(lines, finalNewline);
          const plain = join(dir, 'in.txt');
          writeFileSync(plain, bom ? `\ufeff${text}` : text);
          // The read pass gets the file in pieces of a few bytes: a BOM may come split.
          const column = await everyLine(plain, chunkBytes, pieceBytes);
          const input = gz ? join(dir, 'in.txt.gz') : plain;
          if (gz) writeFileSync(input, gzipSync(readFileSync(plain)));
          const chosen = (i: number) => marks[i] === true;
          const got = await rangeTexts(input, column.kept(chosen), readBytes);
          // The oracle: split on \n, a last empty piece is no line, a line's last \r dropped.
          const split = text === '' ? [] : text.split('\n');
          if (text.endsWith('\n')) split.pop();
          const want = split.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((_, i) => chosen(i));
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says where the input ends when a range lies past it, or is cut by its end', async () => {
    const input = join(dir, 'short.txt');
    writeFileSync(input, 'a\nb\n');
    const ranges = (s: number, e: number) => ({ starts: Float64Array.of(0, s), ends: Float64Array.of(2, e) });
    await expect(rangeTexts(input, ranges(10, 12), 3)).rejects.toThrow(
      /ends at byte 4, before the end of the record the read pass found at bytes 10–12/,
    );
    await expect(rangeTexts(input, ranges(2, 6), 3)).rejects.toThrow(/ends at byte 4, .* bytes 2–6/);
  });
});

describe('--annotate through byte ranges', () => {
  // Records as people write them: spaces before the brace, CRLF, ids to escape, no id, a BOM.
  const sample = readFileSync(new URL('../data/headlines_sample.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(0, 600);
  const edited = sample.map((l, k) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    if (k % 7 === 1) return `${l.slice(0, -1)}  }`;
    if (k % 7 === 2) return `${l}\r`;
    if (k % 7 === 3) return JSON.stringify({ ...r, id: `标"${String(r.id)}\\` });
    if (k % 7 === 4) return JSON.stringify({ title: r.title });
    if (k % 7 === 5) return `{ "title" : ${JSON.stringify(r.title)} , "id":${JSON.stringify(r.id)} }\t`;
    return l;
  });

  for (const [format, text] of [
    ['jsonl', `\ufeff${edited.join('\n')}`],
    ['text', sample.map((l) => String((JSON.parse(l) as { title: string }).title)).join('\r\n')],
  ] as const) {
    it(`writes the bytes of the line walk (${format}, possible duplicates included)`, async () => {
      const input = join(dir, `annotate-in.${format}`);
      writeFileSync(input, text);
      const readOptions: RecordReadOptions = {
        format,
        onError: 'fail',
        idField: 'id',
        textField: 'title',
        dateField: 'date',
      };
      const source = { name: input, path: input, release: async () => {} };
      // A low cut-off for possible duplicates, so that some records carry `possible_of`.
      const options = resolveOptions({ possibleCutoff: 0.05 });
      const { result, recordLines, spans } = await readAndDedup(source, format, readOptions, options, {
        threads: 1,
      });
      expect(spans).toBeDefined();
      expect(result.possibleOf.some((of) => of >= 0)).toBe(true);
      expect(result.table.count).toBeGreaterThan(10);
      const byLines = { path: input, name: input, format, readOptions, recordLines };
      const byRanges = { ...byLines, spans };
      const written: Buffer[] = [];
      // Through ranges with the usual buffers, with reads and writes a record or two long, and by
      // the line walk (no ranges).
      const ways = [
        { input: byRanges },
        { input: byRanges, sizes: { readSize: 97, writeBytes: 256 } },
        { input: byLines },
      ];
      for (const [k, how] of ways.entries()) {
        const target = join(dir, `annotate-${format}-${k}.jsonl`);
        const out = new AtomicFile(target);
        await writeAnnotated(how.input, result, out, how.sizes);
        await out.commit();
        written.push(readFileSync(target));
      }
      expect(written[0].toString('utf8').split('\n')).toHaveLength(sample.length + 1);
      expect(written[0]).toEqual(written[2]);
      expect(written[1]).toEqual(written[2]);
      // The texts and dates the summary and the report read back, both ways.
      const wanted = new Set([0, 1, 2, 3, 4, 5, 6, 150, 151, 599]);
      const [throughRanges, throughLines] = [
        await collectTexts(byRanges, wanted),
        await collectTexts(byLines, wanted),
      ];
      expect(throughRanges.texts.size).toBe(wanted.size);
      expect(throughRanges).toEqual(throughLines);
    });
  }
});
