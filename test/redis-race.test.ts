/**
 * Two writers on one shared index (issue #29, row 1), with real processes: two `serve` processes
 * on one Redis and on a Redis Cluster, stories sent to both at the same instant (the original to
 * one, a near-duplicate or an identical copy to the other), and two `check --add` processes
 * released together. No story may be stored twice, and every `of` must name the item that stayed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NearDupIndex } from '../src/index.js';
import type { RedisStore } from '../src/online/redis-store.js';
import { haveRedis, haveRedisCluster, REDIS_CLUSTER, REDIS_URL } from './helpers/redis.js';
import { CLI, ROOT } from './helpers/shared-data.js';
import { startServe, type ServeProcess } from '../bench/lib/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-race-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

const titles = readFileSync(join(ROOT, 'data', 'headlines_sample.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { title: string }).title);

/** Stories that are new against each other, each with a near-duplicate the decision accepts. */
async function stories(n: number): Promise<{ a: string; b: string }[]> {
  const oracle = new NearDupIndex();
  const out: { a: string; b: string }[] = [];
  for (const [k, a] of titles.entries()) {
    if (out.length === n) break;
    if ((await oracle.check({ id: `o${k}`, text: a })).duplicate) continue;
    const b = `${a}（组图）`;
    if ((await oracle.query(b)).some((h) => h.id === `o${k}`)) out.push({ a, b });
  }
  return out;
}

async function serve(target: string[], prefix: string): Promise<ServeProcess> {
  const s = await startServe(CLI, [...target, '--prefix', prefix]);
  children.push(s.child);
  return s;
}

const check = async (base: string, id: string, text: string) =>
  (await (
    await fetch(`${base}/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, text }),
    })
  ).json()) as { duplicate: boolean; of?: string };

const connect = (target: string[], prefix: string) =>
  target[0] === '--redis'
    ? NearDupIndex.connect(target[1], { prefix })
    : NearDupIndex.connect({ cluster: target[1] }, { prefix });

const targets: [string, string[], boolean][] = [
  ['one Redis', ['--redis', REDIS_URL], haveRedis()],
  ['a Redis Cluster', ['--redis-cluster', REDIS_CLUSTER], haveRedisCluster()],
];

for (const [name, target, present] of targets) {
  describe.skipIf(!present)(`two writers on ${name}`, () => {
    it('stores no story twice when two serve processes check it at the same instant', {
      timeout: 120_000,
    }, async () => {
      const list = await stories(60);
      for (const mode of ['near', 'identical'] as const) {
        const prefix = `race-${process.pid}-${mode}-${Math.random().toString(36).slice(2)}`;
        const [s1, s2] = [await serve(target, prefix), await serve(target, prefix)];
        const index = await connect(target, prefix);
        try {
          for (const [k, story] of list.entries()) {
            const [a, b] = [`s${k}a`, `s${k}b`];
            const [ra, rb] = await Promise.all([
              check(s1.base, a, story.a),
              check(s2.base, b, mode === 'near' ? story.b : story.a),
            ]);
            const kept = [(await index.get(a)) !== undefined, (await index.get(b)) !== undefined];
            expect(kept.filter(Boolean), `story ${k} (${mode})`).toHaveLength(1);
            // The one answered new is the one kept; the other names it.
            const [winner, loser] = ra.duplicate ? [b, ra] : [a, rb];
            expect(ra.duplicate !== rb.duplicate, `story ${k}`).toBe(true);
            expect(loser.of).toBe(winner);
            expect(await index.get(winner)).toBeDefined();
          }
        } finally {
          for (const s of [s1, s2]) s.child.kill('SIGTERM');
          await (index.store as RedisStore).clear();
          await index.close();
        }
      }
    });

    it('stores no story twice when two check --add processes run together', {
      timeout: 120_000,
    }, async () => {
      const list = await stories(200);
      const prefix = `race-cli-${process.pid}-${Math.random().toString(36).slice(2)}`;
      const files = ['a', 'b'].map((side) => {
        const file = join(dir, `${side}-${prefix}.jsonl`);
        writeFileSync(
          file,
          list
            .map((s, k) => JSON.stringify({ id: `s${k}${side}`, title: side === 'a' ? s.a : s.b }))
            .join('\n') + '\n',
        );
        return file;
      });
      const runs = files.map((file) => {
        const child = spawn(process.execPath, [
          CLI,
          'check',
          file,
          ...target,
          '--prefix',
          prefix,
          '--add',
          '--quiet',
        ]);
        children.push(child);
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        return new Promise<{ status: number | null; out: string }>((resolve) =>
          child.on('exit', (status) => resolve({ status, out })),
        );
      });
      const [ra, rb] = await Promise.all(runs);
      expect([ra.status, rb.status]).toEqual([0, 0]);
      const index = await connect(target, prefix);
      try {
        let twice = 0;
        for (let k = 0; k < list.length; k++)
          if ((await index.get(`s${k}a`)) !== undefined && (await index.get(`s${k}b`)) !== undefined) twice++;
        expect(twice).toBe(0);
        expect(await index.size()).toBe(list.length);
      } finally {
        await (index.store as RedisStore).clear();
        await index.close();
      }
    });
  });
}
