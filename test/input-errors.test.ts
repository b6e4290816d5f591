/**
 * Errors that name what is wrong and where, from the built CLI: a truncated gzip, a worker out of
 * memory, a snapshot whose header is not JSON, and a CSV quote never closed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '../src/online/crc32.js';
import { CLI, ROOT } from './helpers/shared-data.js';

const SAMPLE = join(ROOT, 'data', 'headlines_sample.jsonl');

function run(args: string[], env: Record<string, string> = {}, input?: Buffer) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, CI: '', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`the CLI is not built at ${CLI}; run npm run build (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'neardup-errors-'));
});

describe('errors name the file, the place and the fix', () => {
  it('a truncated gzip is bad input (exit 3) named by file, or <stdin>', () => {
    const gz = gzipSync(readFileSync(SAMPLE));
    const path = join(dir, 'cut.jsonl.gz');
    writeFileSync(path, gz.subarray(0, gz.length >> 1));
    const r = run(['dedup', path, '--json']);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      `neardup: ${path}: the gzip data is truncated (it ends mid-stream); download or compress it again\n`,
    );
    const s = run(['dedup', '-', '--format', 'jsonl', '--json'], {}, gz.subarray(0, gz.length >> 1));
    expect(s.status).toBe(3);
    expect(s.stderr).toContain('neardup: <stdin>: the gzip data is truncated');
  });

  it('a worker out of memory is one line naming NEARDUP_WORKER_HEAP_MB, no stack trace', () => {
    const r = run(['dedup', SAMPLE, '--json'], { NEARDUP_WORKER_HEAP_MB: '2' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "neardup: a worker thread ran out of memory: each worker's heap is capped at 2 MB by NEARDUP_WORKER_HEAP_MB; raise it (e.g. NEARDUP_WORKER_HEAP_MB=512 neardup …) or lower --batch-size\n",
    );
  });

  it('a snapshot whose header is not JSON (checksum valid) is named, exit 3', () => {
    const path = join(dir, 'bad-header.ndix');
    expect(run(['index', 'build', SAMPLE, '--index', path, '--quiet']).status).toBe(0);
    const buf = readFileSync(path);
    // Magic, version, then the header as a length-prefixed string: spoil its first byte and
    // write a checksum that matches, so only the JSON is wrong.
    expect(String.fromCharCode(buf[12])).toBe('{');
    buf[12] = 'x'.charCodeAt(0);
    buf.writeUInt32LE(crc32(buf.subarray(0, buf.length - 4)), buf.length - 4);
    writeFileSync(path, buf);
    const r = run(['check', SAMPLE, '--index', path]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      `neardup: index snapshot ${path} is corrupt or not a neardup index (its header is not valid JSON`,
    );
  });

  it('a snapshot header of the wrong shape (checksum valid) names the file and the field, exit 3', () => {
    const path = join(dir, 'shape.ndix');
    expect(run(['index', 'build', SAMPLE, '--index', path, '--quiet']).status).toBe(0);
    const good = readFileSync(path);
    const headerLength = good.readUInt32LE(8);
    const header = JSON.parse(good.toString('utf8', 12, 12 + headerLength)) as {
      params: Record<string, unknown>;
    };
    /** The snapshot with its header replaced and a checksum that matches, so only the header is wrong. */
    const crafted = (name: string, h: unknown): string => {
      const json = Buffer.from(JSON.stringify(h));
      const length = Buffer.alloc(4);
      length.writeUInt32LE(json.length);
      const body = Buffer.concat([
        good.subarray(0, 8),
        length,
        json,
        good.subarray(12 + headerLength, good.length - 4),
      ]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32LE(crc32(body));
      const out = join(dir, name);
      writeFileSync(out, Buffer.concat([body, crc]));
      return out;
    };
    const cases: [string, unknown, string][] = [
      [
        'no-rules.ndix',
        { ...header, params: { ...header.params, rules: undefined } },
        'params.rules must be an object of rule switches; got nothing',
      ],
      [
        'string-threshold.ndix',
        { ...header, params: { ...header.params, threshold: '0.5' } },
        'params.threshold must be a number; got "0.5"',
      ],
      [
        'one-rule.ndix',
        { ...header, params: { ...header.params, rules: { tags: true } } },
        'params.rules["date-gap"] must be true or false; got nothing',
      ],
      ['array.ndix', [1, 2], 'its header is [1,2], not an object'],
      [
        'big-threshold.ndix',
        { ...header, params: { ...header.params, threshold: 5 } },
        "its header's parameters are not valid: options.threshold must be a number in (0, 1]; got 5",
      ],
    ];
    for (const [name, h, why] of cases) {
      const file = crafted(name, h);
      const r = run(['check', SAMPLE, '--index', file]);
      expect(r.status).toBe(3);
      expect(r.stderr).toBe(
        `neardup: index snapshot ${file} is corrupt or not a neardup index (${why.startsWith('its') ? why : `its header's ${why}`}); rebuild it with neardup index build\n`,
      );
    }
    // The unchanged header, crafted the same way, still loads: the test's surgery is sound.
    expect(run(['check', SAMPLE, '--index', crafted('same.ndix', header)]).status).toBe(0);
  });

  it('a CSV quote never closed is reported at the line of the record where it opened', () => {
    const path = join(dir, 'quote.csv');
    writeFileSync(path, 'id,title\n1,第一条\n2,"第二条没有收尾的引号\n3,第三条\n4,第四条\n');
    const r = run(['dedup', path, '--json']);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      `neardup: ${path}:3: a quoted field of the record starting on this line is never closed (the file ends inside it, at line 5); close the quote or double it ("") inside the field\n`,
    );
  });

  it('with --on-error skip, a quote never closed rejects its own record only and reading goes on', () => {
    // The quote of line 3 never closes: at the end of the file, or where a later field's quote
    // would close it mid-field (line 6). Either way lines 4 on are records of their own.
    for (const [name, text, gaveUp] of [
      [
        'to-eof.csv',
        'id,title\n1,第一条\n2,"第二条没有收尾的引号\n3,第三条\n4,第四条\n',
        'the file ends inside it, at line 5',
      ],
      [
        'to-quote.csv',
        'id,title\n1,第一条\n2,"第二条没有收尾的引号\n3,第三条\n4,第四条\n5,"第五条"\n6,第六条\n',
        'a quote at line 6 ends it in the middle of a field',
      ],
    ]) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const kept = join(dir, `${name}.kept.csv`);
      const rejects = join(dir, `${name}.rejects.txt`);
      const r = run([
        'dedup',
        path,
        '--on-error',
        'skip',
        '--rejects',
        rejects,
        '-o',
        kept,
        '--json',
        '--force',
      ]);
      expect(r.status).toBe(0);
      const lines = text.trim().split('\n');
      expect(readFileSync(kept, 'utf8')).toBe(`${[lines[0], lines[1], ...lines.slice(3)].join('\n')}\n`);
      expect(readFileSync(rejects, 'utf8')).toBe(`${lines[2]}\n`);
      expect(JSON.parse(r.stdout)).toMatchObject({ items: lines.length - 2, skipped: 1 });
      const stopped = run(['dedup', path, '--json']);
      expect(stopped.status).toBe(3);
      expect(stopped.stderr).toBe(
        `neardup: ${path}:3: a quoted field of the record starting on this line is never closed (${gaveUp}); close the quote or double it ("") inside the field\n`,
      );
    }
  });
});
