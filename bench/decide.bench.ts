/**
 * `npm run bench:decide`: the per-pair cost of the learned decision against today's rules, on the
 * pairs the link stage hands to `decide`: every pair of a 100k-headline slice of the 1M corpus
 * (every 10th) whose shingle Jaccard is at least the similarity floor (0.4), found by an exact
 * all-pairs join. Both decide the same pairs, with the similarity passed in as the link stage does.
 */
import { Bench } from 'tinybench';
import { allPairs } from '../src/engine/all-pairs.js';
import { prepareBatch } from '../src/engine/prepare.js';
import { resolveOptions, ruleOptions, shingleParams } from '../src/options.js';
import { textView } from '../src/similarity.js';
import { Shingler } from '../src/text/shingle.js';
import { decide, lowestDuplicateSimilarity } from '../src/verify/decide.js';
import type { ItemView } from '../src/verify/item-view.js';
import { headlineSample } from './lib/sample.js';
import { recordResults } from './lib/results.js';

recordResults('decide', 'Cost of a pair decision', 'npm run bench:decide');

const { titles, source } = headlineSample(100_000);
const o = resolveOptions();
const rules = ruleOptions(o);
const model = { ...rules, decision: 'model' as const };
const batch = prepareBatch(titles, { ...shingleParams(o), perms: o.perms, bands: o.bands, rows: o.rows });
const pairs = allPairs(
  { offsets: batch.shingleOffsets, values: batch.shingles },
  lowestDuplicateSimilarity(rules),
);
const sh = new Shingler(shingleParams(o));
const views = new Map<number, ItemView>();
const view = (i: number) => views.get(i) ?? (views.set(i, textView(sh, { text: titles[i] })), views.get(i)!);
const work = pairs.map((p) => [view(p.a), view(p.b), p.similarity] as const);

const accepted = [0, 0];
const bench = new Bench({ time: 3000, warmupTime: 500 });
bench
  .add('rules (today)', () => {
    let n = 0;
    for (const [a, b, s] of work) if (decide(a, b, rules, s).duplicate) n++;
    accepted[0] = n;
  })
  .add('model', () => {
    let n = 0;
    for (const [a, b, s] of work) if (decide(a, b, model, s).duplicate) n++;
    accepted[1] = n;
  });
await bench.run();
const ns = bench.tasks.map((t) => (t.result!.latency.mean * 1e6) / work.length);
console.log(
  `${work.length.toLocaleString('en-US')} pairs with Jaccard ≥ ${lowestDuplicateSimilarity(rules)} among ${titles.length.toLocaleString('en-US')} headlines (${source})`,
);
console.log('| decision | ns per pair | duplicates |\n|---|---|---|');
bench.tasks.forEach((t, k) =>
  console.log(`| ${t.name} | ${ns[k].toFixed(0)} | ${accepted[k].toLocaleString('en-US')} |`),
);
console.log(`extra per pair: ${(ns[1] - ns[0]).toFixed(0)} ns (Node ${process.version})`);
