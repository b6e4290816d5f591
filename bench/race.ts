/**
 * Two writers, one shared index: two `neardup serve` processes on one Redis (or one Redis
 * Cluster), and stories sent to both at the same instant — the original to one server, a
 * near-duplicate (or an identical copy) to the other. A story stored twice is a check-and-add
 * race lost. Then the throughput of a stream of distinct headlines split over the two servers.
 *
 *   npm run bench:race -- --redis redis://127.0.0.1:6391 [--redis-cluster 127.0.0.1:7100,…]
 *       [--baseline OTHER/dist/src/cli/main.js --baseline-name COMMIT] [--stories 200] [--stream 2000]
 *
 * `--baseline` runs the same with another build of the CLI (an earlier commit), in the same
 * session, so the cost of what changed is measured against it on the same machine.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NearDupIndex } from '../src/index.js';
import type { RedisStore } from '../src/online/redis-store.js';
import { recordResults } from './lib/results.js';
import { startServe } from './lib/serve-process.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = [join(HERE, '..'), join(HERE, '..', '..')].find((p) => {
  try {
    readFileSync(join(p, 'package.json'));
    return true;
  } catch {
    return false;
  }
})!;
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

function flag(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k === -1 ? undefined : process.argv[k + 1];
}

const redis = flag('--redis');
const cluster = flag('--redis-cluster');
const baseline = flag('--baseline');
/** What the baseline is (a commit), for the table. */
const baselineName = flag('--baseline-name') ?? 'baseline';
const STORIES = Number(flag('--stories') ?? 200);
const STREAM = Number(flag('--stream') ?? 2000);
if (!redis && !cluster) {
  console.error(
    'usage: race --redis URL and/or --redis-cluster NODES [--baseline CLI] [--stories N] [--stream N]',
  );
  process.exit(2);
}

interface Server {
  child: ChildProcess;
  base: string;
}

const serve = (cli: string, target: string[], prefix: string): Promise<Server> =>
  startServe(cli, [...target, '--prefix', prefix], { ignoreStdout: true });

async function stop(s: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
}

const json = { 'content-type': 'application/json' };
async function check(s: Server, id: string, text: string): Promise<{ duplicate: boolean; of?: string }> {
  const r = await fetch(`${s.base}/check`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ id, text }),
  });
  if (r.status !== 200) throw new Error(`POST /check answered ${r.status}: ${await r.text()}`);
  return (await r.json()) as { duplicate: boolean; of?: string };
}

/** The shared index as the library sees it (a baseline build may have no GET /items/:id). */
const open = (target: string[], prefix: string) =>
  target[0] === '--redis'
    ? NearDupIndex.connect(target[1], { prefix })
    : NearDupIndex.connect({ cluster: target[1] }, { prefix });

// Distinct stories from the bundled sample, each with a near-duplicate the index's decision
// (in memory, one process) calls a duplicate of it, and every story new against the others.
const sample = readFileSync(join(ROOT, 'data', 'headlines_sample.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { title: string }).title);
const oracle = new NearDupIndex();
const stories: { a: string; b: string }[] = [];
const rest: string[] = [];
for (const [k, title] of sample.entries()) {
  if ((await oracle.check({ id: `o${k}`, text: title })).duplicate) continue;
  const b = `${title}（组图）`;
  if (stories.length < STORIES && (await oracle.query(b)).some((h) => h.id === `o${k}`))
    stories.push({ a: title, b });
  else rest.push(title);
}
if (stories.length < STORIES) throw new Error(`only ${stories.length} stories in the sample`);

interface Row {
  target: string;
  build: string;
  mode: string;
  twice: number;
  wrongOf: number;
  pairsPerSecond: number;
}

async function lockstep(
  cli: string,
  target: string[],
  mode: 'near' | 'identical',
): Promise<Omit<Row, 'target' | 'build'>> {
  const prefix = `race-${process.pid}-${Date.now()}`;
  const [s1, s2] = [await serve(cli, target, prefix), await serve(cli, target, prefix)];
  let twice = 0;
  let wrongOf = 0;
  const index = await open(target, prefix);
  const stored = async (_: Server, id: string) => (await index.get(id)) !== undefined;
  const started = performance.now();
  try {
    for (const [k, story] of stories.entries()) {
      const [ra, rb] = await Promise.all([
        check(s1, `s${k}a`, story.a),
        check(s2, `s${k}b`, mode === 'near' ? story.b : story.a),
      ]);
      const [sa, sb] = [await stored(s1, `s${k}a`), await stored(s1, `s${k}b`)];
      if (sa && sb) twice++;
      // Each answer's `of` must be the story's surviving item.
      for (const [r, self] of [
        [ra, `s${k}a`],
        [rb, `s${k}b`],
      ] as const) {
        if (r.duplicate && !(r.of !== self && (await stored(s1, r.of!)))) wrongOf++;
        if (!r.duplicate && !(await stored(s1, self))) wrongOf++;
      }
    }
  } finally {
    await Promise.all([stop(s1), stop(s2)]);
  }
  const seconds = (performance.now() - started) / 1000;
  await index.close();
  await clear(target, prefix);
  return { mode, twice, wrongOf, pairsPerSecond: stories.length / seconds };
}

/** Distinct headlines split over two servers, 4 in flight on each: checks per second. */
async function stream(cli: string, target: string[]): Promise<number> {
  const prefix = `race-stream-${process.pid}-${Date.now()}`;
  const servers = [await serve(cli, target, prefix), await serve(cli, target, prefix)];
  const items = rest.slice(0, STREAM);
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        while (next < items.length) {
          const k = next++;
          await check(servers[worker % 2], `t${k}`, items[k]);
        }
      }),
    );
  } finally {
    await Promise.all(servers.map(stop));
  }
  const seconds = (performance.now() - started) / 1000;
  await clear(target, prefix);
  return items.length / seconds;
}

/**
 * One process, one check at a time through the library of a build (no HTTP, no second writer):
 * what a check's locks cost in latency, with less noise than the servers' stream.
 */
async function sequential(cli: string, target: string[], n: number): Promise<number> {
  const lib = (await import(join(dirname(cli), '..', 'index.js'))) as { NearDupIndex: typeof NearDupIndex };
  const prefix = `race-seq-${process.pid}-${Date.now()}`;
  const index =
    target[0] === '--redis'
      ? await lib.NearDupIndex.connect(target[1], { prefix })
      : await lib.NearDupIndex.connect({ cluster: target[1] }, { prefix });
  const items = rest.slice(0, n);
  const started = performance.now();
  for (const [k, text] of items.entries()) await index.check({ id: `q${k}`, text });
  const seconds = (performance.now() - started) / 1000;
  await index.close();
  await clear(target, prefix);
  return items.length / seconds;
}

async function clear(target: string[], prefix: string): Promise<void> {
  const index = await open(target, prefix);
  await (index.store as RedisStore).clear();
  await index.close();
}

const targets: [string, string[]][] = [];
if (redis) targets.push(['one Redis', ['--redis', redis]]);
if (cluster) targets.push(['3-master cluster', ['--redis-cluster', cluster]]);
const builds: [string, string][] = [['this build', CLI]];
if (baseline) builds.push([baselineName, baseline]);

recordResults(
  'race',
  'Two writers on one shared index',
  `npm run bench:race --${redis ? ` --redis ${redis}` : ''}${cluster ? ` --redis-cluster ${cluster}` : ''}${baseline ? ` --baseline BASE --baseline-name ${baselineName}` : ''}`,
);
console.log(
  `${stories.length} stories, each sent at the same instant to two \`serve\` processes (original to one, a near-duplicate or an identical copy to the other), one pair at a time; then ${Math.min(STREAM, rest.length)} distinct headlines split over the two servers, 8 requests in flight.`,
);
console.log('');
console.log(
  '| index | build | pairs | stored twice | answers with a wrong `of` | lockstep pairs/s | stream checks/s (2 runs) | one process, checks/s (3 runs) |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [target, args] of targets) {
  // The builds' streams alternate, twice, so that neither gains from running second on a shared machine.
  const perSecond = new Map<string, number[]>(builds.map(([build]) => [build, []]));
  const alone = new Map<string, number[]>(builds.map(([build]) => [build, []]));
  for (let round = 0; round < 2; round++)
    for (const [build, cli] of builds) perSecond.get(build)!.push(await stream(cli, args));
  for (let round = 0; round < 3; round++)
    for (const [build, cli] of builds) alone.get(build)!.push(await sequential(cli, args, 500));
  for (const [build, cli] of builds) {
    for (const mode of ['near', 'identical'] as const) {
      const r = await lockstep(cli, args, mode);
      const runs = (m: Map<string, number[]>) =>
        m
          .get(build)!
          .map((x) => x.toFixed(0))
          .join(', ');
      console.log(
        `| ${target} | ${build} | ${mode === 'near' ? 'near-duplicate' : 'identical'} | ${r.twice} of ${stories.length} | ${r.wrongOf} | ${r.pairsPerSecond.toFixed(1)} | ${mode === 'near' ? runs(perSecond) : ''} | ${mode === 'near' ? runs(alone) : ''} |`,
      );
    }
  }
}
