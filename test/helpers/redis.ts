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
    if (r.status !== 0 || r.stdout.trim() !== 'PONG')
      reason = `no redis-server answers on 127.0.0.1:${REDIS_PORT}`;
  }
  if (reason && process.env.CI)
    throw new Error(`CI must run the Redis tests, but ${reason} (.ci/run starts redis-server)`);
  return reason;
}

export function haveRedis(): boolean {
  return redisMissing() === undefined;
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
export async function startRedisServer(
  port: number,
  extra: string[] = [],
): Promise<import('node:child_process').ChildProcess> {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra],
    { stdio: 'ignore' },
  );
  const auth = extra.includes('--requirepass')
    ? ['-a', extra[extra.indexOf('--requirepass') + 1], '--no-auth-warning']
    : [];
  for (let i = 0; i < 100; i++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), ...auth, 'ping'], { encoding: 'utf8' }).stdout?.trim() ===
      'PONG'
    )
      return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not start`);
}

/** The Redis Cluster the tests use: seed nodes in NEARDUP_TEST_REDIS_CLUSTER (.ci/run starts one). */
export const REDIS_CLUSTER = process.env.NEARDUP_TEST_REDIS_CLUSTER ?? '';

/** Why the cluster tests cannot run here, or undefined when they can; in CI a reason is an error. */
export function redisClusterMissing(): string | undefined {
  let reason: string | undefined;
  if (REDIS_CLUSTER === '') reason = 'NEARDUP_TEST_REDIS_CLUSTER is not set';
  else {
    const [host, port] = REDIS_CLUSTER.split(',')[0].split(':');
    const r = spawnSync('redis-cli', ['-h', host, '-p', port, 'cluster', 'info'], { encoding: 'utf8' });
    if (r.status !== 0 || !r.stdout.includes('cluster_state:ok'))
      reason = `no Redis Cluster in state ok answers on ${host}:${port}`;
  }
  if (reason && process.env.CI)
    throw new Error(`CI must run the Redis Cluster tests, but ${reason} (.ci/run starts the cluster)`);
  return reason;
}

export function haveRedisCluster(): boolean {
  return redisClusterMissing() === undefined;
}

/** The cluster's masters as host:port, from CLUSTER NODES on the first seed. */
export function clusterMasters(seeds = REDIS_CLUSTER): string[] {
  const [host, port] = seeds.split(',')[0].split(':');
  return spawnSync('redis-cli', ['-h', host, '-p', port, 'cluster', 'nodes'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => l.includes('master') && !l.includes('fail'))
    .map((l) => l.split(' ')[1].split('@')[0]);
}

/** redis-cli against one node (host:port). */
export function nodeCli(node: string, ...args: string[]): string {
  const [host, port] = node.split(':');
  return spawnSync('redis-cli', ['-h', host, '-p', port, ...args], { encoding: 'utf8' }).stdout;
}
