/**
 * Property-based fuzzing of the readers: random bytes, random chunk splits, random CSV quoting.
 * No crash; every line is either a record or a reported problem; the split never matters.
 */
import { Readable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineChunks } from '../src/read/line-chunks.js';
import { parseChunk } from '../src/read/parse-chunk.js';
import { readRecords, type InputRecord } from '../src/read/records.js';
import { NeardupError } from '../src/errors.js';

const spec = { idField: 'id', textField: 'title', dateField: 'date' };
const dir = mkdtempSync(join(tmpdir(), 'neardup-fuzz-'));

async function parseAll(bytes: Uint8Array, target: number, pieces: number[]) {
  // Feed the bytes as a stream cut at the given points, then chunk and parse.
  const cuts = [...new Set(pieces.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    parts.push(Buffer.from(bytes.subarray(at, c)));
    at = c;
  }
  const records: { line: number; text: string }[] = [];
  const problems: number[] = [];
  for await (const chunk of lineChunks(Readable.from(parts.filter((p) => p.length > 0)), target)) {
    const p = parseChunk(chunk.bytes, chunk.firstLine, 'jsonl', spec);
    p.texts.forEach((t, k) => records.push({ line: p.lines[k], text: t }));
    problems.push(...p.problems.map((x) => x.line));
  }
  return { records, problems };
}

const jsonlLine = fc.oneof(
  fc.record({ id: fc.string(), title: fc.string() }).map((o) => JSON.stringify(o)),
  fc.string().map((s) => JSON.stringify({ title: s })),
  fc.string(), // garbage
  fc.constant(''),
  fc.constant('{"title": 3}'),
  fc.constant('[1,2]'),
);

describe('JSONL reader fuzzing', () => {
  it('property: every non-blank line is a record or a problem, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(jsonlLine, { maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (lines, crlf, target, cuts) => {
          const text = lines.join(crlf ? '\r\n' : '\n');
          const bytes = new TextEncoder().encode(text);
          const a = await parseAll(bytes, target, cuts);
          const b = await parseAll(bytes, 1 << 20, []);
          expect(a).toEqual(b);
          const nonBlank = text
            .split('\n')
            .map((l) => l.replace(/\r$/, ''))
            .filter((l) => l.trim() !== '').length;
          expect(a.records.length + a.problems.length).toBe(nonBlank);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: random bytes never crash the reader; invalid UTF-8 is reported by line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        async (bytes, target) => {
          const { records, problems } = await parseAll(bytes, target, []);
          for (const line of [...records.map((r) => r.line), ...problems]) expect(line).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('CSV reader fuzzing', () => {
  const field = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', ' ', '文', 'x'), maxLength: 8 });
  const quote = (s: string, always: boolean) =>
    always || /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

  async function read(text: string, onError: 'fail' | 'skip') {
    const file = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, text);
    const records: InputRecord[] = [];
    const problems: number[] = [];
    for await (const r of readRecords(file, file, { format: 'csv', ...spec, onError }, (p) =>
      problems.push(p.line),
    ))
      records.push(r);
    return { records, problems };
  }

  it('property: quoted fields with commas, quotes and newlines come back as written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(field, field, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 15 }),
        async (rows) => {
          const text =
            'id,title\n' +
            rows.map(([id, title, qa, qb]) => `${quote(id, qa)},${quote(title, qb)}`).join('\n') +
            '\n';
          const { records, problems } = await read(text, 'fail');
          expect(problems).toEqual([]);
          expect(records.map((r) => r.text)).toEqual(rows.map(([, t]) => t));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('property: broken CSV either parses, is skipped and reported, or fails with an input error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '中'), maxLength: 12 }), {
          maxLength: 10,
        }),
        async (lines) => {
          const text = 'id,title\n' + lines.join('\n');
          const skipped = await read(text, 'skip');
          for (const r of skipped.records) expect(typeof r.text).toBe('string');
          try {
            await read(text, 'fail');
          } catch (error) {
            expect(error).toBeInstanceOf(NeardupError);
            expect((error as NeardupError).code).toBe('E_INPUT');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
