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
