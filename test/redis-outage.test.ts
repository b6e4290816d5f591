/**
 * Redis failures as a user meets them, against redis-servers these tests start and stop: the
 * password never printed or returned, a wrong or missing password and a non-Redis URL named as
 * such, and `serve` coming back after Redis is stopped and started again (/healthz stays up,
 * /readyz names Redis while it is down).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../src/online/redis-connection.js';
import { freePort, haveRedisServer, startRedisServer } from './helpers/redis.js';
import { CLI } from './helpers/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-outage-'));
const input = join(dir, 'one.jsonl');
writeFileSync(input, '{"id":"1","title":"国足晋级世界杯决赛圈"}\n');
const SECRET = 's3cret-pw';
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const servers: ChildProcess[] = [];
afterAll(() => {
  for (const s of servers) s.kill('SIGKILL');
});

describe('redactUrl', () => {
  it('hides the password and nothing else', () => {
    expect(redactUrl('redis://:s3cret@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379');
    expect(redactUrl('rediss://user:p%40ss@cache.example:6380/2')).toBe(
      'rediss://user:***@cache.example:6380/2',
    );
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('not a url :pw@x')).not.toContain('pw@');
  });
});

describe.runIf(haveRedisServer())('Redis with a password, stopped and started under serve', () => {
  it('names a wrong password, a missing one and a non-Redis URL, never printing the password', async () => {
    const port = await freePort();
    servers.push(await startRedisServer(port, ['--requirepass', SECRET]));
    const wrong = run(['check', input, '--redis', `redis://:wrong-${SECRET}@127.0.0.1:${port}`, '--quiet']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('refused the login: wrong user name or password');
    expect(wrong.stderr).not.toContain(SECRET);
    const missing = run(['check', input, '--redis', `redis://127.0.0.1:${port}`, '--quiet']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('needs a password and none was given');
    const http = run(['check', input, '--redis', `http://:${SECRET}@127.0.0.1:${port}`, '--quiet']);
    expect(http.status).toBe(2);
    expect(http.stderr).toContain('must start with redis:// or rediss://');
    expect(http.stderr).not.toContain(SECRET);
    // The password from the environment or a file, off the command line.
    expect(
      run(['check', input, '--redis', `redis://127.0.0.1:${port}`, '--quiet'], { REDIS_PASSWORD: SECRET })
        .status,
    ).toBe(0);
    expect(
      run(['check', input, '--redis', '--quiet'], { REDIS_URL: `redis://:${SECRET}@127.0.0.1:${port}` })
        .status,
    ).toBe(0);
    const file = join(dir, 'pw');
    writeFileSync(file, `${SECRET}\n`);
    expect(
      run(['check', input, '--redis', `redis://127.0.0.1:${port}`, '--redis-password-file', file, '--quiet'])
        .status,
    ).toBe(0);
  });

  it('serve recovers after Redis is stopped and started again; no response holds the password', async () => {
    const port = await freePort();
    let redis = await startRedisServer(port, ['--requirepass', SECRET]);
    servers.push(redis);
    const child = spawn(process.execPath, [
      CLI,
      'serve',
      '--redis',
      `redis://:${SECRET}@127.0.0.1:${port}`,
      '--port',
      '0',
      '--prefix',
      `outage-${process.pid}`,
    ]);
    let err = '';
    const httpPort = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        err += d;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(err)));
    });
    try {
      expect(err).toContain(`redis://:***@127.0.0.1:${port}`);
      const base = `http://127.0.0.1:${httpPort}`;
      const check = (id: string, text: string) =>
        fetch(`${base}/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id, text }),
        });
      expect((await check('a', '国足晋级世界杯决赛圈')).status).toBe(200);
      redis.kill('SIGKILL');
      await new Promise((r) => redis.once('exit', r));
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      const body = await down.text();
      expect(JSON.parse(body)).toMatchObject({ ready: false, down: 'redis' });
      expect(body).not.toContain(SECRET);
      expect((await fetch(`${base}/healthz`)).status).toBe(200); // alive, though not ready
      const failed = await check('b', '上海师范大学2019年硕士研究生招生简章');
      expect(failed.status).toBe(503);
      expect(await failed.text()).not.toContain(SECRET);
      await new Promise((r) => setTimeout(r, 2500)); // an outage of a few seconds
      redis = await startRedisServer(port, ['--requirepass', SECRET]);
      servers.push(redis);
      let ready = 0;
      for (let i = 0; i < 50 && ready !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        ready = (await fetch(`${base}/readyz`)).status;
      }
      expect(ready).toBe(200);
      expect((await check('b', '上海师范大学2019年硕士研究生招生简章')).status).toBe(200);
      expect(err).not.toContain(SECRET);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
