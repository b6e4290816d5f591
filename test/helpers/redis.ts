/**
 * The Redis server the tests use: NEARDUP_TEST_REDIS_PORT (set by .ci/run, which starts one on
 * loopback), else 6379. In CI a missing server fails the run; elsewhere those tests are skipped
 * with a visible message.
 */
import { spawnSync } from 'node:child_process';

export const REDIS_PORT = Number(process.env.NEARDUP_TEST_REDIS_PORT ?? 6379);
export const REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`;

export function haveRedis(): boolean {
  const r = spawnSync('redis-cli', ['-p', String(REDIS_PORT), 'ping'], { encoding: 'utf8' });
  const ok = r.status === 0 && r.stdout.trim() === 'PONG';
  if (!ok && process.env.CI) throw new Error(`CI must have redis-server on 127.0.0.1:${REDIS_PORT} (.ci/run starts it)`);
  if (!ok) console.warn(`SKIPPED: Redis tests need redis-server on 127.0.0.1:${REDIS_PORT} (set NEARDUP_TEST_REDIS_PORT)`);
  return ok;
}

/**
 * Whether a redis-server binary is on the PATH, for tests that start and stop their own server
 * (an outage under a running `serve`). In CI a missing binary fails the run; elsewhere those tests
 * are skipped with a visible message.
 */
export function haveRedisServer(): boolean {
  const ok = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!ok && process.env.CI) throw new Error('CI must have redis-server on the PATH (.ci/run installs it)');
  if (!ok) console.warn('SKIPPED: tests that stop and restart Redis need redis-server on the PATH');
  return ok;
}

/** A free loopback port (the kernel's choice, released again). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts a redis-server of the test's own on a loopback port; resolves once it answers PING. */
export async function startRedisServer(port: number, extra: string[] = []): Promise<import('node:child_process').ChildProcess> {
  const { spawn } = await import('node:child_process');
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: 'ignore' });
  const auth = extra.includes('--requirepass') ? ['-a', extra[extra.indexOf('--requirepass') + 1], '--no-auth-warning'] : [];
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), ...auth, 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not start`);
}
