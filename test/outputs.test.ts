/**
 * The output writers against plain oracles: kept lines against split-filter-join of the input,
 * cluster lines against JSON.stringify of the cluster object.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AtomicFile } from '../src/files/atomic-file.js';
import { clusterLine, writeKeptLines } from '../src/write/write-outputs.js';
import { writeKeptSpans } from '../src/write/write-spans.js';
import { everyLine, lineArbitrary, linesText } from './helpers/line-column.js';
import { lineSpans } from '../src/read/line-spans.js';
import { parseChunk } from '../src/read/parse-chunk.js';
import type { Cluster } from '../src/cluster/clusters.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-outputs-'));

/** The obvious way: split into lines, drop a line ending's \r, keep the marked, one \n each. */
function keptOracle(text: string, keep: Uint8Array): string {
  const lines = text === '' ? [] : text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines
    .map((l, k) => ({ l: l.endsWith('\r') ? l.slice(0, -1) : l, n: k + 1 }))
    .filter(({ n }) => n < keep.length && keep[n] === 1)
    .map(({ l }) => `${l}\n`)
    .join('');
}

describe('writeKeptLines', () => {
  it('writes exactly the marked lines, whole, for any line endings and chunk size', async () => {
    const line = fc.tuple(
      fc.string({ unit: fc.constantFrom('a', '标', '"', ' ', '\r'), maxLength: 12 }),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 60 }),
        fc.boolean(),
        fc.array(fc.boolean(), { maxLength: 70 }),
        fc.integer({ min: 1, max: 64 }),
        async (lines, finalNewline, marks, chunkBytes) => {
          let text = lines.map(([l, crlf]) => l + (crlf ? '\r' : '')).join('\n');
          if (finalNewline && lines.length > 0) text += '\n';
          const input = join(dir, 'in.txt');
          writeFileSync(input, text);
          const keep = Uint8Array.from(marks, (m) => (m ? 1 : 0));
          const target = join(dir, 'out.txt');
          const out = new AtomicFile(target);
          const written = await writeKeptLines(input, keep, out, chunkBytes);
          await out.commit();
          const expected = keptOracle(text, keep);
          expect(readFileSync(target, 'utf8')).toBe(expected);
          expect(written).toBe(expected === '' ? 0 : expected.split('\n').length - 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('writeKeptSpans', () => {
  it('writes the bytes writeKeptLines writes, from ranges located chunk by chunk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArbitrary, { maxLength: 60 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.boolean(), { maxLength: 70 }),
        fc.integer({ min: 1, max: 64 }),
        async (lines, finalNewline, bom, marks, chunkBytes) => {
          const text = linesText(lines, finalNewline);
          const input = join(dir, 'in-spans.txt');
          writeFileSync(input, bom ? `\ufeff${text}` : text);
          const keep = Uint8Array.from(marks, (m) => (m ? 1 : 0));
          const column = await everyLine(input, chunkBytes);
          const target = join(dir, 'out-spans.txt');
          const out = new AtomicFile(target);
          const kept = column.kept((i) => i + 1 < keep.length && keep[i + 1] === 1);
          await writeKeptSpans(input, kept, out);
          await out.commit();
          const oracleTarget = join(dir, 'out-lines.txt');
          const oracle = new AtomicFile(oracleTarget);
          await writeKeptLines(input, keep, oracle, chunkBytes);
          await oracle.commit();
          expect(readFileSync(target)).toEqual(readFileSync(oracleTarget));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('record byte ranges', () => {
  it('found in the parse walk, equal lineSpans over the same chunk', () => {
    const record = fc.oneof(
      fc
        .record({
          id: fc.string({ maxLength: 4 }),
          title: fc.string({ unit: fc.constantFrom('a', '标', '"', '\\'), maxLength: 8 }),
        })
        .map((r) => JSON.stringify(r)),
      fc.constantFrom('', 'not json', '{"id":"x"}', '{"title":"标题"}'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(record, fc.boolean()), { maxLength: 30 }),
        fc.boolean(),
        (lines, finalNewline) => {
          let text = lines.map(([l, crlf]) => l + (crlf ? '\r' : '')).join('\n');
          if (finalNewline && lines.length > 0) text += '\n';
          const bytes = new TextEncoder().encode(text);
          const parsed = parseChunk(bytes, 1, 'jsonl', {
            idField: 'id',
            textField: 'title',
            dateField: 'date',
          });
          expect(parsed.spans).toBeDefined();
          expect(parsed.spans).toEqual(lineSpans(bytes, parsed.lines));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('clusterLine', () => {
  it('is JSON.stringify of the cluster, with and without containment', () => {
    const member = fc.record(
      { id: fc.string(), index: fc.nat(), similarity: fc.double({ min: 0, max: 1, noNaN: true }) },
      { requiredKeys: ['id', 'index', 'similarity'] },
    );
    const withContainment = fc
      .tuple(member, fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }))
      .map(([m, c]) => (c === undefined ? m : { ...m, containment: c }));
    fc.assert(
      fc.property(
        fc.nat(),
        fc.string(),
        fc.constantFrom('first', 'earliest', 'longest'),
        fc.array(withContainment, { minLength: 1, maxLength: 6 }),
        (n, canonical, reason, members) => {
          const c = { cluster: n, size: members.length, canonical, reason, members } as Cluster;
          const plain = {
            cluster: c.cluster,
            size: c.size,
            canonical: c.canonical,
            reason: c.reason,
            members: c.members.map((m) =>
              m.containment === undefined
                ? { id: m.id, similarity: m.similarity }
                : { id: m.id, similarity: m.similarity, containment: m.containment },
            ),
          };
          expect(clusterLine(c)).toBe(JSON.stringify(plain));
        },
      ),
      { numRuns: 500 },
    );
  });
});
