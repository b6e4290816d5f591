/**
 * `npm run bench:join`: the exact-duplicate join (link/exact-join.ts, members read in input order)
 * against the join group by group (bench/lib/join-by-groups.ts, members read where they lie), on
 * the titles of the corpus, built on this thread as dedup builds it, with the default date window.
 * The two alternate, ROUNDS each (default 7), and must give the same groups; medians and ranges
 * in ms. The gap is in cache misses, so it shows on a corpus larger than the caches: the shared
 * 1M-headline corpus where it is there, else the bundled sample (too small to tell them apart).
 *   node dist/bench/join.bench.js [ROUNDS]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareParams } from '../src/engine/dedup.js';
import { joinExactDuplicates, type ExactGroups } from '../src/link/exact-join.js';
import { resolveOptions } from '../src/options/options.js';
import { runBatch } from '../src/prepare/batch-task.js';
import { CorpusBuilder } from '../src/prepare/corpus.js';
import { parseDate } from '../src/read/dates.js';
import { thousands } from '../src/text/thousands.js';
import { joinByGroups } from './lib/join-by-groups.js';
import { median } from './lib/ab-args.js';
import { recordResults } from './lib/results.js';
import { readJsonl, SHARED_DATA } from './lib/shared-data.js';

recordResults('join', 'The exact-duplicate join, in input order and group by group', 'npm run bench:join');

const rounds = Number(process.argv[2] ?? 7);
const shared = join(SHARED_DATA, 'headlines_zh.jsonl.gz');
const file = existsSync(shared) ? shared : join(process.cwd(), 'data', 'headlines_dated.jsonl');
// Named as the README names it, not by this machine's path.
const label = existsSync(shared) ? '../shared/data/headlines_zh.jsonl.gz' : 'data/headlines_dated.jsonl';
const rows = readJsonl<{ title?: string; date?: string }>(file);
const o = resolveOptions();
const params = prepareParams(o);
const builder = new CorpusBuilder(o.bands, true, 0);
const BATCH = 20_000;
for (let from = 0; from < rows.length; from += BATCH) {
  const part = rows.slice(from, from + BATCH);
  const { batch } = runBatch({ kind: 'texts', texts: part.map((r) => r.title ?? '') }, params);
  builder.append(
    batch,
    part.map((_, k) => String(from + k)),
    part.map((r) => parseDate(r.date)),
  );
}
const corpus = builder.build();
const windowDays = o.dateWindowDays;

function same(a: ExactGroups, b: ExactGroups): boolean {
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => Object.is(v, y[i]));
  return (
    eq(a.reps, b.reps) &&
    eq(a.repOf, b.repOf) &&
    eq(a.selfFlags, b.selfFlags) &&
    eq(a.spans.min, b.spans.min) &&
    eq(a.spans.max, b.spans.max) &&
    a.exactDuplicates === b.exactDuplicates
  );
}

const runs = { inputOrder: [] as number[], byGroups: [] as number[] };
let groups: ExactGroups | undefined;
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  const fast = joinExactDuplicates(corpus, windowDays);
  runs.inputOrder.push(performance.now() - t);
  t = performance.now();
  const slow = joinByGroups(corpus, windowDays);
  runs.byGroups.push(performance.now() - t);
  if (!same(fast, slow)) throw new Error('the two joins gave different groups');
  groups = fast;
}
const line = (name: string, ms: number[]) =>
  `| ${name} | ${median(ms).toFixed(0)} | ${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} |`;
console.log(
  `${thousands(corpus.size)} titles of ${label}, date window ${windowDays} days: ` +
    `${thousands(groups!.reps.length)} representatives, ${thousands(groups!.exactDuplicates)} copies joined; ${rounds} alternating rounds\n`,
);
console.log('| join | median ms | range |\n|---|---|---|');
console.log(line('in input order (link/exact-join.ts)', runs.inputOrder));
console.log(line('group by group (bench/lib/join-by-groups.ts)', runs.byGroups));
console.log(
  `\nin input order / group by group: ${(median(runs.inputOrder) / median(runs.byGroups)).toFixed(2)}×`,
);
