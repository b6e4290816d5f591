/**
 * What a run costs with the outputs a user asks for beyond `-o` and `--clusters`, this build
 * against others, alternating: the default summary (it prints the largest clusters' texts, read
 * back from the input), `--annotate`, `--report` and `--pairs`.
 *   node dist/bench/outputs.bench.js BEFORE_DIR[,BEFORE_DIR…] [ROUNDS] [INPUT]
 * Whole-process wall time and peak RSS (median, max) of `dedup INPUT … --threads 2`; the
 * annotated records and the decided pairs of each build are compared byte for byte (the report
 * holds its date and timings, and is not).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { abArgs, median } from './lib/ab-args.js';
import { recordResults } from './lib/results.js';

const { beforeDirs, rounds, input, after: AFTER, work } = abArgs('outputs.bench.js', 3);

/** Each kind of run: its flags, given where its outputs go, and the output compared across builds. */
const KINDS: { name: string; flags: (out: string) => string[]; compared?: string }[] = [
  {
    name: 'default: `-o`, `--clusters`, the summary',
    flags: (out) => ['-o', `${out}.jsonl`, '--clusters', `${out}-c.jsonl`],
  },
  { name: '`--annotate`', flags: (out) => ['--annotate', `${out}.jsonl`, '--quiet'], compared: '.jsonl' },
  { name: '`--report`', flags: (out) => ['--report', `${out}.html`, '--quiet'] },
  { name: '`--pairs`', flags: (out) => ['--pairs', `${out}.jsonl`, '--quiet'], compared: '.jsonl' },
];

/**
 * One run of a build's CLI: wall seconds, timed from outside, and peak RSS from `--json` (which
 * reads the largest clusters' texts back as the printed summary does, unless `--quiet`).
 */
function run(dist: string, flags: string[]): { wall: number; rss: number } {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(dist, 'src', 'cli', 'main.js'), 'dedup', input, '--threads', '2', '--json', '--force', ...flags],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${dist}: exit ${r.status}: ${r.stderr}`);
  return { wall, rss: (JSON.parse(r.stdout) as { peak_rss_mb: number }).peak_rss_mb };
}

const f2 = (x: number) => x.toFixed(2);

function main(): void {
  recordResults(
    'outputs',
    'Outputs beyond -o and --clusters: A/B',
    'npm run bench:outputs -- BEFORE_DIR[,BEFORE_DIR…]',
  );
  const builds = [
    ...beforeDirs.map((d) => ({ label: d, dist: join(d, 'dist') })),
    { label: 'this build', dist: AFTER },
  ];
  console.log(`Input: ${input}; ${rounds} rounds, alternating; 2 threads.\n`);
  console.log('| run | build | wall s (median) | runs | peak RSS MB (max) |');
  console.log('|---|---|---|---|---|');
  const notes: string[] = [];
  for (const [kindAt, kind] of KINDS.entries()) {
    const runs = builds.map(() => [] as { wall: number; rss: number }[]);
    for (let k = 0; k < rounds; k++)
      builds.forEach((b, i) => runs[i].push(run(b.dist, kind.flags(join(work, `${kindAt}-${i}`)))));
    builds.forEach((b, i) => {
      const walls = runs[i].map((r) => r.wall);
      console.log(
        `| ${kind.name} | ${b.label} | ${f2(median(walls))} | ${walls.map(f2).join(' / ')} | ${Math.max(...runs[i].map((r) => r.rss))} |`,
      );
    });
    if (kind.compared !== undefined) {
      const file = (i: number) => readFileSync(join(work, `${kindAt}-${i}${kind.compared}`));
      const last = builds.length - 1;
      builds.slice(0, last).forEach((b, i) => {
        notes.push(
          `${kind.name}: ${b.label} and this build ${file(i).equals(file(last)) ? 'wrote the same bytes' : 'differ'}.`,
        );
      });
    }
  }
  console.log('');
  for (const n of notes) console.log(n);
}

main();
