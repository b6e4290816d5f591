/**
 * `npm run bench:index -- [N] [--http-seconds S] [--redis-port P]`: the online index on real
 * headlines (../shared/data/headlines_zh.jsonl.gz, or the bundled sample):
 *
 * - in-memory `check` of N headlines in order: items/s, p50/p99 latency;
 * - the same through Redis on loopback (a redis-server the bench starts on a spare port);
 * - equivalence with batch `dedup` (same options): duplicates flagged online vs in batch, and
 *   how many carry the same `of` as the batch canonical;
 * - HTTP `POST /check` on `neardup serve` under a bounded local load (autocannon, 10 connections,
 *   S seconds): requests/s, p50/p99, errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedup, NearDupIndex } from '../src/index.js';
import type { RedisStore } from '../src/online/redis-store.js';
import { headlineSample } from './lib/sample.js';
import { readJsonl, SHARED_DATA } from './lib/shared-data.js';
import { existsSync, rmSync } from 'node:fs';
import { recordResults } from './lib/results.js';

recordResults('index', 'Online index', 'npm run bench:index');

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: object) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  non2xx: number;
  '2xx': number;
}>;
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const httpSeconds = flag('--http-seconds', 30);
const redisPort = flag('--redis-port', 6399);

type Item = { id: string; text: string; date?: string };

function load(): { items: Item[]; source: string } {
  const shared = join(SHARED_DATA, 'headlines_zh.jsonl.gz');
  if (existsSync(shared)) {
    const all = readJsonl<{ id: string; title: string; date?: string }>(shared);
    return {
      items: all.slice(0, N).map((h) => ({ id: h.id, text: h.title, date: h.date })),
      source: `first ${Math.min(N, all.length)} of ${shared}`,
    };
  }
  const { titles, source } = headlineSample(N);
  return { items: titles.map((t, k) => ({ id: String(k), text: t })), source };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function checkAll(index: NearDupIndex, items: Item[]) {
  const lat: number[] = [];
  const flagged = new Map<string, string>();
  const started = performance.now();
  for (const it of items) {
    const t = performance.now();
    const r = await index.check(it);
    lat.push(performance.now() - t);
    if (r.duplicate) flagged.set(it.id, r.of!);
  }
  const seconds = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  return { flagged, seconds, p50: pct(lat, 0.5), p99: pct(lat, 0.99) };
}

function equivalence(online: Map<string, string>, batch: Map<string, string>): string {
  let both = 0;
  let sameOf = 0;
  for (const [id, of] of online) {
    if (batch.has(id)) both++;
    if (batch.get(id) === of) sameOf++;
  }
  return `online ${online.size.toLocaleString('en-US')} vs batch ${batch.size.toLocaleString('en-US')} duplicates; ${both.toLocaleString('en-US')} flagged by both, ${(online.size - both).toLocaleString('en-US')} online only, ${(batch.size - both).toLocaleString('en-US')} batch only; same "of" for ${sameOf.toLocaleString('en-US')} (${((100 * sameOf) / Math.max(1, online.size)).toFixed(2)}%)`;
}

async function startRedis(): Promise<ChildProcess | undefined> {
  const server = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const ok = await new Promise<boolean>((resolve) => {
    server.on('error', () => resolve(false));
    setTimeout(() => resolve(true), 500);
  });
  return ok ? server : undefined;
}

async function http(items: Item[]): Promise<string> {
  // A fresh index every run: the service creates it and saves it on shutdown.
  const snapshot = join(dirname(CLI), '..', '..', '..', 'test-output', 'bench.ndix');
  rmSync(snapshot, { force: true });
  const server = spawn(process.execPath, [CLI, 'serve', '--index', snapshot, '--create', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    server.stderr!.on('data', (d) => {
      err += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', () => reject(new Error(err)));
  });
  let k = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/check`,
    connections: 10,
    duration: httpSeconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupClient: undefined,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: object) => {
          const it = items[k++ % items.length];
          return { ...req, body: JSON.stringify({ id: `${it.id}#${k}`, text: it.text, date: it.date }) };
        },
      },
    ],
  });
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  return `| HTTP POST /check (neardup serve, autocannon 10 connections, ${httpSeconds} s) | ${Math.round(result.requests.average).toLocaleString('en-US')} req/s | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result['2xx'].toLocaleString('en-US')} ok, ${result.errors} errors, ${result.non2xx} non-2xx |`;
}

const { items, source } = load();
console.log(
  `neardup index benchmark: ${items.length.toLocaleString('en-US')} headlines (${source}), node ${process.version}\n`,
);
const rows: string[] = [];
const batch = new Map<string, string>();
for (const c of (await dedup(items)).clusters)
  for (const m of c.members.slice(1)) batch.set(m.id, c.canonical);

const memory = await checkAll(new NearDupIndex(), items);
rows.push(
  `| in-memory check, in order | ${Math.round(items.length / memory.seconds).toLocaleString('en-US')} items/s | ${memory.p50.toFixed(3)} ms | ${memory.p99.toFixed(3)} ms | ${equivalence(memory.flagged, batch)} |`,
);

const redis = await startRedis();
if (redis) {
  const redisItems = items.slice(0, Math.min(items.length, 100_000));
  const redisBatch = new Map<string, string>();
  for (const c of (await dedup(redisItems)).clusters)
    for (const m of c.members.slice(1)) redisBatch.set(m.id, c.canonical);
  const index = await NearDupIndex.connect(`redis://127.0.0.1:${redisPort}`, { prefix: 'bench' });
  await (index.store as RedisStore).clear();
  const r = await checkAll(
    await NearDupIndex.connect(`redis://127.0.0.1:${redisPort}`, { prefix: 'bench' }),
    redisItems,
  );
  rows.push(
    `| Redis check on loopback (first ${redisItems.length.toLocaleString('en-US')}) | ${Math.round(redisItems.length / r.seconds).toLocaleString('en-US')} items/s | ${r.p50.toFixed(3)} ms | ${r.p99.toFixed(3)} ms | ${equivalence(r.flagged, redisBatch)} |`,
  );
  await (index.store as RedisStore).clear();
  await index.close();
  redis.kill();
} else rows.push('| Redis check | (redis-server not found: skipped) | | | |');

if (httpSeconds > 0) rows.push(await http(items));
console.log('| what | throughput | p50 | p99 | notes |\n|---|---|---|---|---|\n' + rows.join('\n'));
process.exit(0);
