/**
 * The shared index in a real Redis: same answers as in memory, several processes sharing it, and
 * clear failures when Redis is absent or goes away mid-run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NearDupIndex } from '../src/index.js';
import type { RedisStore } from '../src/online/redis-store.js';
import { haveRedis, REDIS_URL } from './helpers/redis.js';
import { CLI, ROOT } from './helpers/shared-data.js';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'neardup-redis-'));
const SAMPLE = join(ROOT, 'data', 'headlines_sample.jsonl');
const sample = readFileSync(SAMPLE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; title: string; date?: string });
const prefix = () => `test-${process.pid}-${Math.random().toString(36).slice(2)}`;

describe.runIf(haveRedis())('shared index in Redis', () => {
  it('gives the same check results as the in-memory index', async () => {
    const memory = new NearDupIndex();
    const shared = await NearDupIndex.connect(REDIS_URL, { prefix: prefix() });
    try {
      for (const h of sample) {
        const item = { id: h.id, text: h.title, date: h.date };
        expect(await shared.check(item)).toEqual(await memory.check(item));
      }
      expect(await shared.size()).toBe(await memory.size()); // kept items only: duplicates are not added
      expect(await shared.query(sample[5].title)).toEqual(await memory.query(sample[5].title));
      expect(await shared.remove(sample[5].id)).toBe(true);
      expect(await shared.remove(sample[5].id)).toBe(false);
      await (shared.store as RedisStore).clear();
    } finally {
      await shared.close();
    }
  });

  it("two processes checking different halves see each other's items", () => {
    const p = prefix();
    const half = Math.floor(sample.length / 2);
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(
      a,
      sample
        .slice(0, half)
        .map((h) => JSON.stringify(h))
        .join('\n') + '\n',
    );
    writeFileSync(
      b,
      sample
        .slice(half)
        .map((h) => JSON.stringify(h))
        .join('\n') + '\n',
    );
    // The second half again under new ids: every line must be found as a duplicate of the first run.
    const again = join(dir, 'again.jsonl');
    writeFileSync(
      again,
      sample
        .slice(0, half)
        .map((h) => JSON.stringify({ ...h, id: `again-${h.id}` }))
        .join('\n') + '\n',
    );
    const runCheck = (file: string) =>
      spawnSync(
        process.execPath,
        [CLI, 'check', file, '--redis', REDIS_URL, '--prefix', p, '--add', '--quiet'],
        { encoding: 'utf8' },
      );
    expect(runCheck(a).status).toBe(0);
    expect(runCheck(b).status).toBe(0);
    const r = runCheck(again);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const firstIds = new Set(sample.slice(0, half).map((h) => h.id));
    // Every re-sent line duplicates the story the first process indexed (its `of`).
    expect(lines).toHaveLength(half);
    expect(lines.every((l) => l.duplicate && firstIds.has(l.of))).toBe(true);
    for (const pattern of [`${p}:b*`, `{${p}:g*}:*`]) {
      const info = spawnSync('redis-cli', ['-u', REDIS_URL, '--scan', '--pattern', pattern], {
        encoding: 'utf8',
      });
      if (info.stdout.trim())
        spawnSync('redis-cli', ['-u', REDIS_URL, 'unlink', ...info.stdout.trim().split('\n')]);
    }
  });

  it('names an index of the earlier one-slot layout and how to rebuild it', async () => {
    const p = prefix();
    spawnSync('redis-cli', ['-u', REDIS_URL, 'set', `{${p}}:meta`, '{}']);
    await expect(NearDupIndex.connect(REDIS_URL, { prefix: p })).rejects.toThrow(
      `has the one-slot layout of earlier neardup versions`,
    );
    spawnSync('redis-cli', ['-u', REDIS_URL, 'del', `{${p}}:meta`]);
  });

  it('refuses an index prefix built with other parameters', async () => {
    const p = prefix();
    const first = await NearDupIndex.connect(REDIS_URL, { threshold: 0.5, prefix: p });
    await expect(NearDupIndex.connect(REDIS_URL, { threshold: 0.7, prefix: p })).rejects.toThrow(
      'was built with other parameters',
    );
    // The deprecated form, the prefix by position, names the same index.
    await expect(NearDupIndex.connect(REDIS_URL, { threshold: 0.7 }, p)).rejects.toThrow(
      'was built with other parameters',
    );
    await (first.store as RedisStore).clear();
    await first.close();
  });

  it('fails with a clear error, not a hang, when Redis is not there', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', SAMPLE, '--redis', 'redis://127.0.0.1:1', '--add'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Redis at redis://127.0.0.1:1 refused the connection');
  });

  it('exits non-zero with a clear error when Redis is killed mid-run', async () => {
    const port = 6391 + (process.pid % 500);
    const server = spawn('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    // Wait for the server's own readiness line, not a guessed delay.
    await new Promise<void>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Ready to accept connections')) resolve();
      });
      server.on('exit', () => reject(new Error(`redis-server on port ${port} exited: ${out}`)));
    });
    const big = join(dir, 'big.jsonl');
    writeFileSync(
      big,
      sample
        .map((h) => JSON.stringify(h))
        .join('\n')
        .repeat(1) +
        '\n' +
        sample
          .map((h, k) => JSON.stringify({ ...h, id: `x${k}` }))
          .join('\n')
          .repeat(1) +
        '\n',
    );
    const child = spawn(process.execPath, [
      CLI,
      'check',
      big,
      '--redis',
      `redis://127.0.0.1:${port}`,
      '--add',
      '-o',
      join(dir, 'killed.jsonl'),
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise((r) => setTimeout(r, 700));
    server.kill('SIGKILL');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).not.toBe(0);
    // Which words depend on where the kill lands: a command that failed, a refused reconnect, or a
    // client that has seen the connection close and has no answer yet; each names the server.
    expect(stderr).toMatch(
      /Redis at redis:\/\/127\.0\.0\.1:\d+ (failed to|refused the connection|is not connected)/,
    );
  });
});
