/**
 * Issue #32's figures in one session: the end-to-end A/B of two builds on the corpus, the floor,
 * and the template-heavy corpus against ordinary headlines.
 *   node dist/bench/speed.bench.js BEFORE_DIR[,BEFORE_DIR…] [ROUNDS] [INPUT]
 * - A/B: `dedup INPUT -o … --clusters … --threads 2 --json` of each BEFORE_DIR's build and of this
 *   one, alternating (so all see the same machine), ROUNDS each (default 5): whole-process wall
 *   time, CPU time (user + system, by /usr/bin/time where there is one), the stage timings and
 *   peak RSS from `--json`; medians, and this build's ratios to each;
 * - floor: read the input, split it into lines, JSON.parse every line and NFKC-normalise its title,
 *   in this process, one thread, measured between the A/B rounds (median of those);
 * - template: `民间故事：` + two random characters (make-template.ts), 100k, 200k and 300k headlines,
 *   against the first 300k headlines of the input, this build, 2 threads, one run each.
 * Both builds' outputs are compared byte for byte (builds of the same decision must write the same
 * files; builds of different decisions differ).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { abArgs, median } from './lib/ab-args.js';
import { templateLines } from './lib/template.js';
import { recordResults } from './lib/results.js';

const { beforeDirs, rounds, input, after: AFTER, work } = abArgs('speed.bench.js', 5);

interface Run {
  wall: number;
  /** User + system CPU seconds of the process and its threads (NaN without /usr/bin/time). */
  cpu: number;
  seconds: number;
  timings: Record<string, number>;
  rss: number;
  duplicates: number;
}

/**
 * GNU time, where the machine has it: the CPU a run takes is steadier than its wall time on a
 * shared machine, and is what a change to the work itself moves.
 */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CPU_MARK = 'neardup-bench-cpu';

/** One end-to-end run of a build's CLI, timed from outside; outputs under `label`. */
function dedupRun(dist: string, file: string, label: string): Run {
  const started = performance.now();
  const command = [
    process.execPath,
    join(dist, 'src', 'cli', 'main.js'),
    'dedup',
    file,
    '-o',
    join(work, `out-${label}.jsonl`),
    '--clusters',
    join(work, `out-${label}-c.jsonl`),
    '--threads',
    '2',
    '--json',
    '--quiet',
    '--force',
  ];
  const r = TIME
    ? spawnSync(TIME, ['-f', `${CPU_MARK} %U %S`, ...command], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${dist}: exit ${r.status}: ${r.stderr}`);
  const times = new RegExp(`${CPU_MARK} ([\\d.]+) ([\\d.]+)`).exec(r.stderr);
  const cpu = times ? Number(times[1]) + Number(times[2]) : Number.NaN;
  const j = JSON.parse(r.stdout) as {
    seconds: number;
    timings: Record<string, number>;
    peak_rss_mb: number;
    duplicates: number;
  };
  return { wall, cpu, seconds: j.seconds, timings: j.timings, rss: j.peak_rss_mb, duplicates: j.duplicates };
}

/** Read, split, JSON.parse and NFKC every title: what any Node tool pays on the input. */
function floorSeconds(): number {
  const started = performance.now();
  const raw = readFileSync(input);
  const text = (input.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  let chars = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const r = JSON.parse(line) as { title?: string };
    chars += (r.title ?? '').normalize('NFKC').length;
  }
  if (chars === 0) throw new Error('no titles');
  return (performance.now() - started) / 1000;
}

const f2 = (x: number) => x.toFixed(2);

function sameFiles(a: string, b: string): boolean {
  return readFileSync(join(work, a)).equals(readFileSync(join(work, b)));
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  recordResults(
    'speed',
    'Speed: A/B, floor, write stage, template corpus (issue #32)',
    'npm run bench:speed -- BEFORE_DIR[,BEFORE_DIR…]',
  );
  // Several builds to compare with, comma-separated (3db4d28 for issue 32, bc76ca9 for issue 28).
  const before: Run[][] = beforeDirs.map(() => []);
  const after: Run[] = [];
  const floors: number[] = [];
  for (let k = 0; k < rounds; k++) {
    beforeDirs.forEach((dir, b) => before[b].push(dedupRun(join(dir, 'dist'), input, `before${b}`)));
    after.push(dedupRun(AFTER, input, 'after'));
    floors.push(floorSeconds());
  }
  const same = beforeDirs.map(
    (_, b) =>
      sameFiles(`out-before${b}.jsonl`, 'out-after.jsonl') &&
      sameFiles(`out-before${b}-c.jsonl`, 'out-after-c.jsonl'),
  );
  const floor = median(floors);
  console.log(`Input: ${input}; ${rounds} rounds, alternating; 2 threads, \`-o\` and \`--clusters\`.\n`);
  console.log(
    '| build | wall s (median) | runs | CPU s (median) | prepare | link | cluster | write | peak RSS MB | × floor | duplicates |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, runs] of [
    ...beforeDirs.map((dir, b) => [`before (${dir})`, before[b]] as const),
    ['after (this build)', after] as const,
  ]) {
    const t = (k: string) => f2(median(runs.map((r) => r.timings[k] ?? Number.NaN)));
    console.log(
      `| ${name} | ${f2(median(runs.map((r) => r.wall)))} | ${runs.map((r) => f2(r.wall)).join(' / ')} | ${f2(median(runs.map((r) => r.cpu)))} | ${t('prepare')} | ${t('link')} | ${t('cluster')} | ${t('write')} | ${Math.max(...runs.map((r) => r.rss))} | ${f2(median(runs.map((r) => r.wall)) / floor)} | ${runs[0].duplicates} |`,
    );
  }
  console.log('');
  beforeDirs.forEach((dir, b) => {
    const ratio = median(after.map((r) => r.wall)) / median(before[b].map((r) => r.wall));
    const cpuRatio = median(after.map((r) => r.cpu)) / median(before[b].map((r) => r.cpu));
    console.log(
      `after / before (${dir}), median wall: **${ratio.toFixed(3)}×**, median CPU: ${cpuRatio.toFixed(3)}×; outputs ${same[b] ? 'byte-identical' : 'differ (as they must where the builds decide differently)'} (last round).`,
    );
  });
  console.log(
    `\nFloor (read + split + JSON.parse + NFKC, one thread): ${f2(floor)} s median (${floors.map(f2).join(' / ')}).`,
  );
  // The template corpus against as many ordinary headlines.
  const raw = readFileSync(input);
  const lines = (input.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').split('\n');
  const ordinary = join(work, 'ordinary-300k.jsonl');
  await writeLines(
    ordinary,
    lines.slice(0, 300_000).map((l) => `${l}\n`),
  );
  const rows: string[] = [];
  const ordinaryRun = dedupRun(AFTER, ordinary, 'ordinary');
  rows.push(
    `| first 300,000 headlines of the input | ${f2(ordinaryRun.wall)} | ${f2(ordinaryRun.timings.link)} | ${ordinaryRun.rss} | 1.00 |`,
  );
  for (const n of [100_000, 200_000, 300_000]) {
    const file = join(work, `template-${n}.jsonl`);
    await writeLines(file, templateLines(n));
    const r = dedupRun(AFTER, file, `template-${n}`);
    rows.push(
      `| ${n.toLocaleString('en-US')} headlines of one frame | ${f2(r.wall)} | ${f2(r.timings.link)} | ${r.rss} | ${f2(r.wall / ordinaryRun.wall)} |`,
    );
  }
  console.log(
    '\nTemplate-heavy corpus (`民间故事：` + two random characters, bench/make-template.ts), this build, 2 threads:\n',
  );
  console.log('| corpus | wall s | link s | peak RSS MB | × ordinary 300k |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

await main();
