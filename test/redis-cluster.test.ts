/**
 * The shared index in a real Redis Cluster (NEARDUP_TEST_REDIS_CLUSTER, three masters in CI): the
 * same answers as in memory, keys on every master, the parameter check in every shard, window
 * eviction on every node, the CLI's --redis-cluster, and — on a cluster of the test's own — a
 * master killed mid-run named in the error, and the next run working once it is back.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NearDupIndex } from '../src/index.js';
import type { RedisStore } from '../src/online/redis-store.js';
import {
  clusterMasters,
  freePort,
  haveRedisCluster,
  haveRedisServer,
  nodeCli,
  REDIS_CLUSTER,
} from './helpers/redis.js';
import { CLI, ROOT } from './helpers/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-cluster-'));
const SAMPLE = join(ROOT, 'data', 'headlines_sample.jsonl');
const sample = readFileSync(SAMPLE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; title: string; date?: string });
const prefix = () => `ctest-${process.pid}-${Math.random().toString(36).slice(2)}`;
const CLUSTER_SCRIPT = join(ROOT, '.ci', 'redis-cluster');

/** Keys of an index on one node. */
function keysOn(node: string, p: string): number {
  return [`${p}:b*`, `{${p}:g*}:*`]
    .flatMap((pattern) => nodeCli(node, '--scan', '--pattern', pattern).split('\n'))
    .filter((s) => s.trim() !== '').length;
}

describe.runIf(haveRedisCluster())('shared index in a Redis Cluster', () => {
  // Generous limits: a few thousand round trips each, on a machine that may be busy.
  it('answers as the in-memory index does, with keys on every master', { timeout: 180_000 }, async () => {
    const p = prefix();
    const memory = new NearDupIndex();
    const shared = await NearDupIndex.connect({ cluster: REDIS_CLUSTER }, { prefix: p });
    try {
      for (const h of sample) {
        const item = { id: h.id, text: h.title, date: h.date };
        expect(await shared.check(item)).toEqual(await memory.check(item));
      }
      expect(await shared.size()).toBe(await memory.size());
      expect(await shared.query(sample[5].title)).toEqual(await memory.query(sample[5].title));
      expect(await shared.store.get(sample[0].id)).toMatchObject({ id: sample[0].id });
      expect(await shared.remove(sample[5].id)).toBe(true);
      expect(await shared.remove(sample[5].id)).toBe(false);
      expect(await shared.query(sample[5].title)).toEqual(
        (await memory.remove(sample[5].id)) && (await memory.query(sample[5].title)),
      );
      // Spread: every master holds a fair share of the index's keys.
      const counts = clusterMasters().map((n) => keysOn(n, p));
      const total = counts.reduce((a, b) => a + b, 0);
      expect(counts.length).toBeGreaterThanOrEqual(3);
      for (const c of counts) expect(c).toBeGreaterThan(total / counts.length / 2);
      await (shared.store as RedisStore).clear();
      expect(clusterMasters().map((n) => keysOn(n, p))).toEqual(counts.map(() => 0));
    } finally {
      await shared.close();
    }
  });

  it('refuses other parameters found in any one shard', async () => {
    const p = prefix();
    const first = await NearDupIndex.connect({ cluster: REDIS_CLUSTER }, { threshold: 0.5, prefix: p });
    await expect(
      NearDupIndex.connect({ cluster: REDIS_CLUSTER }, { threshold: 0.7, prefix: p }),
    ).rejects.toThrow('was built with other parameters');
    // One group's copy changed on whichever master holds it: the next process is refused too.
    const [host, port] = REDIS_CLUSTER.split(',')[0].split(':');
    spawnSync('redis-cli', ['-c', '-h', host, '-p', port, 'hset', `{${p}:g4095}:i`, '=', '{"other":1}']);
    await expect(
      NearDupIndex.connect({ cluster: REDIS_CLUSTER }, { threshold: 0.5, prefix: p }),
    ).rejects.toThrow('was built with other parameters ({"other":1})');
    await (first.store as RedisStore).clear();
    await first.close();
  });

  it('evicts past the window on every node, as in memory', { timeout: 120_000 }, async () => {
    const p = prefix();
    const memory = new NearDupIndex({ window: '2d' });
    const shared = await NearDupIndex.connect({ cluster: REDIS_CLUSTER }, { window: '2d', prefix: p });
    try {
      const day = 86_400_000;
      const start = Date.UTC(2024, 0, 1);
      for (let k = 0; k < 300; k++) {
        const item = {
          id: `w${k}`,
          text: sample[k].title,
          date: new Date(start + (k % 6) * day).toISOString(),
        };
        expect(await shared.check(item)).toEqual(await memory.check(item));
      }
      const now = start + 6 * day;
      // Memory evicted most of them during the checks; Redis sweeps lazily, so it counts them now.
      expect(await shared.evict(now)).toBeGreaterThanOrEqual(await memory.evict(now));
      expect(await shared.size()).toBe(await memory.size());
      expect(await shared.size()).toBeGreaterThan(0);
      await (shared.store as RedisStore).clear();
    } finally {
      await shared.close();
    }
  });

  it('check --redis-cluster prints what check --index prints', { timeout: 240_000 }, () => {
    const p = prefix();
    const run = (args: string[]) =>
      spawnSync(process.execPath, [CLI, 'check', SAMPLE, '--add', '--quiet', ...args], { encoding: 'utf8' });
    const shared = run(['--redis-cluster', REDIS_CLUSTER, '--prefix', p]);
    const local = run(['--index', join(dir, 'local.ndix')]);
    expect(shared.status).toBe(0);
    expect(shared.stdout).toBe(local.stdout);
    // index build fills a shared index: every headline is then found in it.
    const build = spawnSync(
      process.execPath,
      [CLI, 'index', 'build', SAMPLE, '--redis-cluster', REDIS_CLUSTER, '--prefix', `${p}b`],
      { encoding: 'utf8' },
    );
    expect(build.status).toBe(0);
    expect(build.stderr).toContain(`records added to redis cluster ${REDIS_CLUSTER}`);
    const again = spawnSync(
      process.execPath,
      [CLI, 'check', SAMPLE, '--quiet', '--redis-cluster', REDIS_CLUSTER, '--prefix', `${p}b`],
      { encoding: 'utf8' },
    );
    expect(again.stdout.split('\n').filter((l) => l.includes('"duplicate":false'))).toEqual([]);
    for (const q of [p, `${p}b`])
      for (const n of clusterMasters())
        for (const pattern of [`${q}:b*`, `{${q}:g*}:*`]) {
          const keys = nodeCli(n, '--scan', '--pattern', pattern).trim();
          if (keys) nodeCli(n, 'unlink', ...keys.split('\n'));
        }
  });
});

describe.runIf(haveRedisServer())('a Redis Cluster losing a master mid-run', () => {
  const clusterDir = join(dir, 'own');
  afterAll(() => {
    spawnSync(CLUSTER_SCRIPT, ['stop', clusterDir]);
  });

  it('names the node and exits 1, and the next run works once the node is back', {
    timeout: 180_000,
  }, async () => {
    // Loopback ports whose cluster bus (port + 10000) is a port too.
    const ports: number[] = [];
    while (ports.length < 3) {
      const p = await freePort();
      if (p < 55_000 && !ports.includes(p)) ports.push(p);
    }
    const start = spawnSync(CLUSTER_SCRIPT, ['start', clusterDir, ...ports.map(String)], {
      encoding: 'utf8',
    });
    expect(start.status, start.stderr).toBe(0);
    const seeds = ports.map((p) => `127.0.0.1:${p}`).join(',');
    const big = join(dir, 'big.jsonl');
    writeFileSync(
      big,
      Array.from({ length: 20 }, (_, r) =>
        sample.map((h) => JSON.stringify({ ...h, id: `${r}-${h.id}` })).join('\n'),
      ).join('\n') + '\n',
    );
    const child = spawn(process.execPath, [
      CLI,
      'check',
      big,
      '--redis-cluster',
      seeds,
      '--add',
      '-o',
      join(dir, 'killed.jsonl'),
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Kill once the run is under way (its output file's temporary exists after the connect).
    await new Promise((r) => setTimeout(r, 2500));
    const victim = ports[1];
    process.kill(Number(readFileSync(join(clusterDir, String(victim), 'redis.pid'), 'utf8')), 'SIGKILL');
    const killedAt = Date.now();
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    expect(stderr).toContain(`Redis Cluster node 127.0.0.1:${victim}`);
    const restart = spawnSync(CLUSTER_SCRIPT, ['restart', clusterDir, String(victim)], { encoding: 'utf8' });
    expect(restart.status, restart.stderr).toBe(0);
    const next = spawnSync(
      process.execPath,
      [CLI, 'check', SAMPLE, '--redis-cluster', seeds, '--add', '--quiet'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(next.stderr).toBe('');
    expect(next.status).toBe(0);
  });
});
