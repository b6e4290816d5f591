/**
 * The index from the command line: index build, check (snapshot), a corrupt snapshot refused,
 * and the HTTP service with its errors, limits and graceful shutdown that saves the snapshot.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../src/index.js';
import { CLI, ROOT } from './helpers/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-serve-'));
const SAMPLE = join(ROOT, 'data', 'headlines_sample.jsonl');
const SEED = join(ROOT, 'data', 'seed_headlines.txt');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('neardup index build / check', () => {
  it('builds a snapshot, checks against it, adds and saves back', async () => {
    const file = join(dir, 'feed.ndix');
    expect(run(['index', 'build', SAMPLE, '--index', file, '--quiet']).status).toBe(0);
    expect(run(['index', 'build', SAMPLE, '--index', file]).status).toBe(2); // exists: needs --force
    const r = run(['check', SAMPLE, '--index', file, '--quiet']);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2067);
    expect(lines.every((l) => l.duplicate)).toBe(true); // every record is in the index
    const seed = run(['check', SEED, '--index', file, '--add', '--quiet']);
    expect(
      seed.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((l) => l.duplicate)
        .map((l) => [l.id, l.of]),
    ).toEqual([
      ['29', '3'],
      ['32', '24'],
    ]);
    // check --add adds the 70 new records; the two duplicates are not added (the index keeps kept items).
    expect(await (await loadSnapshot(file)).size()).toBe(2067 + 70);
  });

  it('refuses a corrupt snapshot with a message, and a missing one', () => {
    const file = join(dir, 'bad.ndix');
    expect(run(['index', 'build', SEED, '--index', file, '--quiet']).status).toBe(0);
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(file, bytes);
    const r = run(['check', SEED, '--index', file]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('is corrupt or not a neardup index (checksum mismatch)');
    const missing = run(['check', SEED, '--index', join(dir, 'none.ndix')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('does not exist; build one with neardup index build');
    expect(run(['check', SEED]).stderr).toContain('name exactly one index');
  });
});

describe('neardup serve', () => {
  it('answers the routes with JSON, limits bodies, and saves the snapshot on SIGTERM', async () => {
    const file = join(dir, 'served.ndix');
    const child = spawn(process.execPath, [
      CLI,
      'serve',
      '--index',
      file,
      '--create',
      '--port',
      '0',
      '--max-body',
      '2000',
    ]);
    const port = await new Promise<number>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(err)));
    });
    const base = `http://127.0.0.1:${port}`;
    const post = (path: string, body: unknown) =>
      fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true, items: 0 });
    expect(await (await post('/check', { id: 'a', text: '国足晋级世界杯决赛圈' })).json()).toEqual({
      duplicate: false,
    });
    expect(await (await post('/check', { id: 'b', text: '国足晋级世界杯决赛圈！' })).json()).toEqual({
      duplicate: true,
      of: 'a',
      similarity: 1,
    });
    // A duplicate is not added by /check (the index keeps kept items); /items adds it.
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true, items: 1 });
    expect((await post('/items', { id: 'b', text: '国足晋级世界杯决赛圈！' })).status).toBe(201);
    expect((await post('/items', { id: 'c', text: '上海师范大学2019年硕士研究生招生简章' })).status).toBe(
      201,
    );
    const q = (await (
      await fetch(`${base}/query?text=${encodeURIComponent('国足晋级世界杯决赛圈')}&limit=5`)
    ).json()) as { hits: { id: string }[] };
    expect(q.hits.map((h: { id: string }) => h.id)).toEqual(['a', 'b']);
    expect((await fetch(`${base}/query?text=x&threshold=0.1`)).status).toBe(400);
    expect((await fetch(`${base}/items/a`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${base}/items/a`, { method: 'DELETE' })).status).toBe(404);
    const bad = await post('/check', 'not json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('not valid JSON');
    expect((await post('/check', { id: 'x' })).status).toBe(400);
    expect((await post('/check', { id: 'x', text: '长'.repeat(5000) })).status).toBe(413);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/check`)).status).toBe(405);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const saved = await loadSnapshot(file);
    expect(await saved.size()).toBe(2); // b and c
  });
});
