/**
 * The JSONL field scanner against JSON.parse: whenever it reads a line, JSON.parse accepts that
 * line and has the same values; on ordinary lines it always reads; and a chunk parsed with it
 * gives the records and problems of the plain split + JSON.parse reader.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldScanner, scannable } from '../src/read/json-fields.js';
import { parseChunk } from '../src/read/parse-chunk.js';
import { INVALID_UTF8, parseJsonLine, type FieldSpec } from '../src/read/record-fields.js';
import { parseDate } from '../src/read/dates.js';

const NAMES = ['title', 'id', 'date', 'body'];
const key = fc.oneof(fc.constantFrom(...NAMES, 'tags', 'meta', ''), fc.string({ maxLength: 4 }));
const space = fc.string({ unit: fc.constantFrom(' ', '\t', '\r', '\n'), maxLength: 2 });

/** JSON text of a value with random whitespace between tokens (JSON.stringify has none). */
function spaced(value: unknown, ws: () => string): string {
  if (Array.isArray(value)) return `[${ws()}${value.map((v) => spaced(v, ws) + ws()).join(',' + ws())}]`;
  if (value !== null && typeof value === 'object') {
    return `{${ws()}${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}${ws()}:${ws()}${spaced(v, ws)}`)
      .join(ws() + ',' + ws())}${ws()}}`;
  }
  return JSON.stringify(value);
}

/** A JSONL-like line: members as a list, so keys may repeat, values any JSON, spaced at random. */
const member = fc.tuple(key, fc.jsonValue({ maxDepth: 3 }));
const memberLine = fc
  .tuple(fc.array(member, { maxLength: 6 }), fc.array(space, { minLength: 64, maxLength: 64 }))
  .map(([members, spaces]) => {
    let n = 0;
    const ws = () => spaces[n++ % spaces.length];
    const text = `${ws()}{${ws()}${members.map(([k, v]) => `${JSON.stringify(k)}${ws()}:${ws()}${spaced(v, ws)}`).join(`${ws()},${ws()}`)}${ws()}}${ws()}`;
    return { text, members };
  });
const line = memberLine.map((l) => l.text);

/** A line with a few characters deleted, inserted or replaced: mostly not JSON any more. */
const mutated = fc
  .tuple(
    line,
    fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.constantFrom(...'"{}[],:\\ 0-1e.+tfnulx\u0001'.split(''))), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([text, edits]) => {
    let s = text;
    for (const [at, kind, ch] of edits) {
      const p = s.length === 0 ? 0 : at % s.length;
      s =
        kind === 0
          ? s.slice(0, p) + s.slice(p + 1)
          : kind === 1
            ? s.slice(0, p) + ch + s.slice(p)
            : s.slice(0, p) + ch + s.slice(p + 1);
    }
    return s;
  });

/** What JSON.parse makes of the wanted fields, or undefined when it rejects the line or it is no object. */
function oracle(text: string): unknown[] | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  return NAMES.map((n) =>
    Object.hasOwn(obj as object, n) ? (obj as Record<string, unknown>)[n] : undefined,
  );
}

describe('JSONL field scanner', () => {
  const scanner = new FieldScanner(NAMES);

  it('property: a line it reads is one JSON.parse accepts, with the same values (also where keys repeat)', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.oneof(line, mutated), fc.string({ maxLength: 3 }), (text, pad) => {
        // Scanned in place inside a longer string, as lines of a decoded chunk are.
        const s = pad + text + '\n' + pad;
        if (!scanner.scan(s, pad.length, pad.length + text.length)) return;
        read++;
        const expected = oracle(text);
        expect(expected).toBeDefined();
        expect(scanner.values).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(300); // the property did test lines the scanner read
  });

  it('property: reads every object line whose wanted values are not containers', () => {
    fc.assert(
      fc.property(memberLine, ({ text, members }) => {
        // Keys with escapes are left to JSON.parse; so are containers where a field is wanted.
        const escapedKey = members.some(([k]) => JSON.stringify(k).includes('\\'));
        const wantedContainer = members.some(
          ([k, v]) => NAMES.includes(k) && v !== null && typeof v === 'object',
        );
        if (!wantedContainer && !escapedKey) expect(scanner.scan(text, 0, text.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects what JSON rejects', () => {
    const bad = [
      '{"title":"a",}',
      '{"title":01}',
      '{"title":1.}',
      '{"title":-}',
      '{"title":"a" "id":1}',
      '{"title":"a\u0001"}',
      '{"title":"\\x"}',
      '{"title":"\\u12"}',
      '{"title":tru}',
      '{"title":"a"}x',
      '{title:"a"}',
      '{"title":"a"',
      '{"a":[1,]}',
      '{"a":{"b"}}',
      '',
      '[]',
      '"x"',
      '{"title":+1}',
    ];
    for (const text of bad) {
      expect(oracle(text)).toBeUndefined();
      expect(scanner.scan(text, 0, text.length)).toBe(false);
    }
    expect(scanner.scan('{"title":"a\\"b","id":-0,"date":1e3,"body":null}', 0, 47)).toBe(true);
    expect(scanner.values).toEqual(['a"b', -0, 1000, null]);
  });

  it('only takes names a parsed object would answer to the same way', () => {
    expect(scannable(['title', 'id'])).toBe(true);
    expect(scannable(['meta.title'])).toBe(false);
    expect(scannable(['constructor'])).toBe(false);
    expect(scannable(['__proto__'])).toBe(false);
  });
});

/** The reader before the scanner: split into lines, JSON.parse each. */
function splitOracle(text: string, firstLine: number, spec: FieldSpec) {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '' && text.endsWith('\n')) lines.pop();
  const records: unknown[] = [];
  const problems: unknown[] = [];
  lines.forEach((raw, k) => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const rec = parseJsonLine(l, spec, firstLine + k);
    if (rec === undefined) return;
    if (typeof rec === 'string') problems.push({ line: firstLine + k, raw: l, message: rec });
    else
      records.push({
        text: rec.text,
        id: rec.id,
        date: parseDate(rec.date),
        line: firstLine + k,
        body: rec.body,
      });
  });
  return { records, problems };
}

describe('parseChunk with the scanner', () => {
  const bodySpec: FieldSpec = { idField: 'id', textField: 'title', dateField: 'date', bodyField: 'body' };
  const plainSpec: FieldSpec = { idField: 'id', textField: 'title', dateField: 'date' };
  // Text beyond ASCII too: chunks of valid UTF-8 are scanned as bytes, and only such values decoded.
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('芋丝酥在TikTok上', '\ufeff{', 'é"\\'),
  );
  const record = fc.record(
    {
      title: fc.oneof(text, fc.integer()),
      id: fc.oneof(text, fc.integer(), fc.constant(null), fc.boolean()),
      date: fc.constantFrom('2020-01-02', 3, 'x'),
      body: text,
      标题: text,
    },
    { requiredKeys: [] },
  );
  const chunkLine = fc.oneof(
    record.map((r) => JSON.stringify(r)),
    line,
    mutated,
    fc.constantFrom('', '  ', '\ufeff{"title":"a"}'),
  );

  it('property: the same records and problems as split + JSON.parse, with and without bodies', () => {
    fc.assert(
      fc.property(
        fc.array(chunkLine, { maxLength: 20 }),
        fc.boolean(),
        fc.boolean(),
        fc.nat(1000),
        fc.boolean(),
        (lines, crlf, withBody, first, invalid) => {
          const text = lines.map((l) => l.replace(/[\r\n]/g, ' ')).join(crlf ? '\r\n' : '\n');
          if (text === '') return;
          const spec = withBody ? bodySpec : plainSpec;
          // A chunk with a line that is not UTF-8 is decoded whole (the other path): one such line first.
          const encoded = new TextEncoder().encode(text);
          const bytes = invalid ? Uint8Array.of(0xff, 0x0a, ...encoded) : encoded;
          const p = parseChunk(bytes, first + 1, 'jsonl', spec);
          const records = p.texts.map((t, k) => ({
            text: t,
            id: p.ids[k],
            date: p.dates[k],
            line: p.lines[k],
            body: p.bodies?.[k],
          }));
          const oracle = splitOracle(invalid ? `\ufffd\n${text}` : text, first + 1, spec);
          if (invalid) oracle.problems[0] = { line: first + 1, raw: '\ufffd', message: INVALID_UTF8 };
          expect({ records, problems: p.problems }).toEqual(oracle);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
