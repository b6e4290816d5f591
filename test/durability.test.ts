/**
 * `neardup serve` as real processes under what the probe of issue #20 did to them: kill -9 after
 * acknowledged writes (all there after a restart, from the write log), a second process on the
 * same snapshot (refused), an unwritable snapshot path (refused at start), hostile or careless
 * requests (4xx, Content-Type, token, a warning beyond loopback), and a pair of ~21,500-character
 * near-duplicates that once blocked every client for seconds (answered within the time budget
 * while another client is served).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../src/index.js';
import { CLI } from './helpers/shared-data.js';
import { startServe } from '../bench/lib/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-durable-'));

const serve = (args: string[], env: NodeJS.ProcessEnv = {}) => startServe(CLI, args, { env });

const json = { 'content-type': 'application/json' };
const post = (base: string, path: string, body: unknown, headers: Record<string, string> = json) =>
  fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) =>
    child.exitCode !== null ? r(child.exitCode) : child.once('exit', (c) => r(c)),
  );

const HEADLINES = [
  '国足晋级世界杯决赛圈',
  '上海师范大学2019年硕士研究生招生简章',
  '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才',
  '客家阿婆手作芋丝酥在TikTok上点击量破千万',
  '南非大选初步计票结果显示非国大获胜',
];

describe('serve --index: acknowledged writes survive kill -9', () => {
  it('replays the write log after kill -9: every acknowledged add and remove is there', async () => {
    const file = join(dir, 'killed.ndix');
    const first = await serve(['--index', file, '--create']);
    for (const [k, text] of HEADLINES.entries())
      expect((await post(first.base, '/items', { id: `h${k}`, text })).status).toBe(201);
    expect((await post(first.base, '/check', { id: 'new', text: '湖北师范大学招聘辅导员公告' })).status).toBe(
      200,
    );
    expect((await fetch(`${first.base}/items/h1`, { method: 'DELETE' })).status).toBe(200);
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(existsSync(`${file}.lock`)).toBe(true); // left behind by the killed process
    const second = await serve(['--index', file]);
    try {
      expect(second.stderr()).toContain('replayed 7 writes');
      expect(await (await fetch(`${second.base}/readyz`)).json()).toEqual({ ready: true, items: 5 });
      const hits = (await (
        await fetch(`${second.base}/query?text=${encodeURIComponent(HEADLINES[0])}`)
      ).json()) as { hits: { id: string }[] };
      expect(hits.hits.map((h: { id: string }) => h.id)).toEqual(['h0']);
      // Compacted at start: the snapshot alone holds them, the log is empty.
      expect(await (await loadSnapshot(file)).size()).toBe(5);
      expect(readFileSync(`${file}.log`, 'utf8')).toBe('');
      // A second process on the same snapshot is refused.
      const r = spawnSync(process.execPath, [CLI, 'serve', '--index', file, '--port', '0'], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('is in use by process');
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(await (await loadSnapshot(file)).size()).toBe(5);
  });

  it('refuses an unwritable snapshot path at start, before taking any write', () => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'serve', '--index', join(dir, 'no-such-folder', 'feed.ndix'), '--create', '--port', '0'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot lock index snapshot');
    expect(r.stderr).not.toContain('listening');
  });
});

describe('serve: requests', () => {
  it('caps the candidates a check verifies at --max-bucket and counts it in /healthz', async () => {
    const s = await serve(['--index', join(dir, 'capped.ndix'), '--create', '--max-bucket', '3']);
    try {
      const cities = ['北京', '上海', '广州', '深圳', '杭州', '南京', '武汉', '成都'];
      for (const [i, c] of cities.entries())
        expect(
          (
            await post(s.base, '/items', {
              id: `t${i}`,
              text: `${c}市气象台发布暴雨蓝色预警信号请市民注意防范`,
            })
          ).status,
        ).toBe(201);
      const r = await post(s.base, '/check', {
        id: 'q',
        text: '成都市气象台发布暴雨蓝色预警信号请市民注意防范!',
      });
      expect(await r.json()).toEqual({ duplicate: true, of: 't7', similarity: 1, capped: true });
      expect(await (await fetch(`${s.base}/healthz`)).json()).toEqual({
        ok: true,
        capped_queries: 1,
        skipped_candidates: 5,
      });
    } finally {
      s.child.kill('SIGTERM');
      await exited(s.child);
    }
  });
  it('answers client mistakes with 4xx, requires JSON on writes, and a token when set', async () => {
    const s = await serve(['--index', join(dir, 'http.ndix'), '--create', '--token', 'tok-123']);
    const auth = { ...json, authorization: 'Bearer tok-123' };
    try {
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200); // probes need no token
      expect((await post(s.base, '/items', { id: 'a', text: HEADLINES[0] })).status).toBe(401);
      expect(
        (
          await post(
            s.base,
            '/items',
            { id: 'a', text: HEADLINES[0] },
            { ...json, authorization: 'Bearer wrong' },
          )
        ).status,
      ).toBe(401);
      expect(
        (
          await post(
            s.base,
            '/items',
            { id: 'a', text: HEADLINES[0] },
            { 'content-type': 'text/plain', authorization: 'Bearer tok-123' },
          )
        ).status,
      ).toBe(415);
      expect((await post(s.base, '/items', { id: '', text: HEADLINES[0] }, auth)).status).toBe(400);
      expect((await fetch(`${s.base}/items/%E0%A4%A`, { method: 'DELETE', headers: auth })).status).toBe(400);
      expect((await post(s.base, '/items', { id: 'a', text: HEADLINES[0] }, auth)).status).toBe(201);
    } finally {
      s.child.kill('SIGTERM');
      await exited(s.child);
    }
  });

  it('warns loudly when listening beyond loopback without a token', async () => {
    const s = await serve(['--index', join(dir, 'open.ndix'), '--create', '--host', '0.0.0.0'], {
      NEARDUP_TOKEN: '',
    });
    s.child.kill('SIGTERM');
    await exited(s.child);
    expect(s.stderr()).toContain('WARNING: listening on 0.0.0.0, beyond loopback, with no --token');
  });

  it('answers a pair of ~21,500-character near-duplicates within the time budget while serving another client', async () => {
    const s = await serve([
      '--index',
      join(dir, 'long.ndix'),
      '--create',
      '--max-body',
      '200000',
      '--time-budget',
      '2000',
    ]);
    try {
      let x = 12345;
      const chars = Array.from({ length: 21_500 }, () =>
        String.fromCharCode(0x4e00 + ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 2000)),
      );
      const a = chars.join('');
      const edited = chars.slice();
      for (let k = 1; k < 10; k++) edited[k * 2000] = '甲';
      expect((await post(s.base, '/items', { id: 'long-a', text: a })).status).toBe(201);
      const started = Date.now();
      const long = post(s.base, '/check', { id: 'long-b', text: edited.join('') }).then(async (r) => ({
        status: r.status,
        ms: Date.now() - started,
        body: await r.json(),
      }));
      const other = post(s.base, '/check', { id: 'short', text: HEADLINES[2] }).then((r) => ({
        status: r.status,
        ms: Date.now() - started,
      }));
      const [l, o] = await Promise.all([long, other]);
      expect([200, 503]).toContain(l.status);
      expect(l.ms).toBeLessThan(2000 + 1000);
      expect(o.status).toBe(200);
      expect(o.ms).toBeLessThan(2000 + 1000);
    } finally {
      s.child.kill('SIGTERM');
      await exited(s.child);
    }
  });
});

describe('check deadline', () => {
  it('gives up with E_TIMEOUT past its deadline and adds nothing', async () => {
    const { NearDupIndex, NeardupError } = await import('../src/index.js');
    const index = new NearDupIndex();
    await index.add({ id: 'a', text: HEADLINES[0] });
    const late = index.check({ id: 'b', text: `${HEADLINES[0]}!` }, { deadline: Date.now() - 1 });
    await expect(late).rejects.toThrow(NeardupError);
    await expect(late).rejects.toMatchObject({ code: 'E_TIMEOUT' });
    expect(await index.size()).toBe(1);
    expect(
      await index.check({ id: 'b', text: `${HEADLINES[0]}!` }, { deadline: Date.now() + 10_000 }),
    ).toMatchObject({ duplicate: true, of: 'a' });
  });
});
