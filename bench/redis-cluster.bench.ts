/**
 * `npm run bench:cluster -- --single HOST:PORT --cluster HOST:PORT,… [--check-items N]
 * [--clients 1,2,4] [--load N] [--load-workers W] [--load-on single|cluster|both]`: the shared index on one Redis server against a
 * Redis Cluster, on real headlines (../shared/data/headlines_zh.jsonl.gz), in one run:
 *
 * - `check` throughput and p50/p99 latency with 1, 2 and 4 client processes, each checking its
 *   share of the first N headlines (default 20,000) into a fresh index;
 * - memory: `used_memory` (INFO memory, summed over the masters) before and after adding the first
 *   N headlines (default 1,000,000) with W processes, per headline, and the keys per master (DBSIZE).
 *
 * Every index the bench makes has a prefix of its own and is deleted after. Start the servers
 * first, e.g. `.ci/redis-cluster start /tmp/nd-cluster 7101 7102 7103` and a plain redis-server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NearDupIndex } from '../src/index.js';
import type { RedisStore, RedisTarget } from '../src/online/redis-store.js';
import { readJsonl, sharedPath } from './lib/shared-data.js';

interface Job {
  target: RedisTarget;
  prefix: string;
  from: number;
  to: number;
  mode: 'check' | 'add';
}

const pct = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

function headlines(n: number): { id: string; text: string; date?: string }[] {
  return readJsonl<{ id: string; title: string; date?: string }>(sharedPath('headlines_zh.jsonl.gz'))
    .slice(0, n)
    .map((h) => ({ id: h.id, text: h.title, date: h.date }));
}

/** A client process: checks or adds its slice, then prints its latencies (ms) and wall clock. */
async function worker(job: Job): Promise<void> {
  const items = headlines(job.to).slice(job.from);
  const index = await NearDupIndex.connect(job.target, { prefix: job.prefix });
  const lat = new Float64Array(items.length);
  const start = Date.now();
  for (let k = 0; k < items.length; k++) {
    const t = performance.now();
    if (job.mode === 'check') await index.check(items[k]);
    else await index.add(items[k]);
    lat[k] = performance.now() - t;
  }
  const end = Date.now();
  await index.close();
  process.stdout.write(JSON.stringify({ start, end, lat: job.mode === 'check' ? Array.from(lat) : [] }));
}

/** Runs `clients` processes over [0, n); resolves to their replies. */
async function fleet(target: RedisTarget, prefix: string, n: number, clients: number, mode: Job['mode']) {
  const self = fileURLToPath(import.meta.url);
  const runs = Array.from({ length: clients }, (_, c) => {
    const job: Job = {
      target,
      prefix,
      from: Math.floor((c * n) / clients),
      to: Math.floor(((c + 1) * n) / clients),
      mode,
    };
    return new Promise<{ start: number; end: number; lat: number[] }>((resolve, reject) => {
      const child = spawn(process.execPath, [self, '--worker', JSON.stringify(job)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('exit', (code) =>
        code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`a ${mode} client exited ${code}`)),
      );
    });
  });
  return Promise.all(runs);
}

/** The master nodes (host:port) of a target. */
function masters(target: RedisTarget): string[] {
  if (typeof target === 'string') return [new URL(target).host];
  const seed = String(target.cluster).split(',')[0];
  const [host, port] = seed.split(':');
  const r = spawnSync('redis-cli', ['-h', host, '-p', port, 'cluster', 'nodes'], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter((l) => l.includes('master') && !l.includes('fail'))
    .map((l) => l.split(' ')[1].split('@')[0]);
}

function redisCli(node: string, ...args: string[]): string {
  const [host, port] = node.split(':');
  return spawnSync('redis-cli', ['-h', host, '-p', port, ...args], { encoding: 'utf8' }).stdout;
}

const usedMemory = (node: string) => Number(/used_memory:(\d+)/.exec(redisCli(node, 'info', 'memory'))![1]);
const dbsize = (node: string) => Number(redisCli(node, 'dbsize').trim());

async function clear(target: RedisTarget, prefix: string): Promise<void> {
  const index = await NearDupIndex.connect(target, { prefix: prefix });
  await (index.store as RedisStore).clear();
  await index.close();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const k = args.indexOf(name);
    return k === -1 ? undefined : args[k + 1];
  };
  const targets: [string, RedisTarget][] = [];
  if (flag('--single')) targets.push(['one node', `redis://${flag('--single')}`]);
  if (flag('--cluster')) targets.push([`cluster`, { cluster: flag('--cluster')! }]);
  if (targets.length === 0) throw new Error('give --single HOST:PORT and/or --cluster HOST:PORT,…');
  const checkItems = Number(flag('--check-items') ?? 20_000);
  const clients = (flag('--clients') ?? '1,2,4').split(',').map(Number);
  const load = Number(flag('--load') ?? 1_000_000);
  const loadWorkers = Number(flag('--load-workers') ?? 4);
  const loadOn = flag('--load-on') ?? 'both';
  const tag = `${process.pid}`;

  console.log(`check: the first ${checkItems.toLocaleString('en-US')} headlines, split among the clients`);
  console.log('| target | masters | clients | checks/s | p50 ms | p99 ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, target] of checkItems > 0 ? targets : []) {
    for (const c of clients) {
      const prefix = `bench${tag}c${c}`;
      const replies = await fleet(target, prefix, checkItems, c, 'check');
      const lat = Float64Array.from(replies.flatMap((r) => r.lat)).sort();
      const wall = Math.max(...replies.map((r) => r.end)) - Math.min(...replies.map((r) => r.start));
      console.log(
        `| ${name} | ${masters(target).length} | ${c} | ${Math.round((checkItems / wall) * 1000).toLocaleString('en-US')} | ${pct(lat, 0.5).toFixed(3)} | ${pct(lat, 0.99).toFixed(3)} |`,
      );
      await clear(target, prefix);
    }
  }

  if (load > 0) {
    // The corpus may hold fewer than asked for (992,527 headlines).
    const loaded = headlines(load).length;
    console.log(
      `\nmemory: the first ${loaded.toLocaleString('en-US')} headlines added (${loadWorkers} processes)`,
    );
    console.log('| target | used_memory before | after | bytes / headline | items | keys per master |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const [name, target] of targets) {
      if (loadOn !== 'both' && (loadOn === 'cluster') !== (typeof target !== 'string')) continue;
      const prefix = `bench${tag}load`;
      const nodes = masters(target);
      const before = nodes.reduce((s, n) => s + usedMemory(n), 0);
      const t = performance.now();
      await fleet(target, prefix, loaded, loadWorkers, 'add');
      const seconds = (performance.now() - t) / 1000;
      const after = nodes.reduce((s, n) => s + usedMemory(n), 0);
      const index = await NearDupIndex.connect(target, { prefix: prefix });
      const items = await index.size();
      await index.close();
      const keys = nodes.map((n) => `${n} ${dbsize(n).toLocaleString('en-US')}`).join(', ');
      console.log(
        `| ${name} | ${(before / 1e6).toFixed(1)} MB | ${(after / 1e6).toFixed(1)} MB | ${Math.round((after - before) / loaded)} | ${items.toLocaleString('en-US')} | ${keys} |`,
      );
      console.log(
        `  (loaded in ${seconds.toFixed(0)} s, ${Math.round(loaded / seconds).toLocaleString('en-US')} adds/s)`,
      );
      await clear(target, prefix);
    }
  }
}

const at = process.argv.indexOf('--worker');
if (at !== -1) await worker(JSON.parse(process.argv[at + 1]) as Job);
else await main();
