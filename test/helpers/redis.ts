/**
 * The Redis server the tests use: the one on 127.0.0.1:NEARDUP_TEST_REDIS_PORT (.ci/run starts
 * it). Without that variable the Redis tests are skipped (test/global-setup.ts says so once); in CI
 * a missing variable or server fails the run.
 */
import { spawnSync } from 'node:child_process';

const PORT_VARIABLE = process.env.NEARDUP_TEST_REDIS_PORT;
export const REDIS_PORT = Number(PORT_VARIABLE ?? 6379);
export const REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`;

/** Why the Redis tests cannot run here, or undefined when they can; in CI a reason is an error. */
export function redisMissing(): string | undefined {
  let reason: string | undefined;
  if (PORT_VARIABLE === undefined) reason = 'NEARDUP_TEST_REDIS_PORT is not set';
  else {
    const r = spawnSync('redis-cli', ['-p', String(REDIS_PORT), 'ping'], { encoding: 'utf8' });
    if (r.status !== 0 || r.stdout.trim() !== 'PONG') reason = `no redis-server answers on 127.0.0.1:${REDIS_PORT}`;
  }
  if (reason && process.env.CI) throw new Error(`CI must run the Redis tests, but ${reason} (.ci/run starts redis-server)`);
  return reason;
}

export function haveRedis(): boolean {
  return redisMissing() === undefined;
}
