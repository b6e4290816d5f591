/**
 * `npm run bench:decide`: the per-pair cost of the learned decision against the rules, on the
 * pairs the link stage hands to `decide` on the 1M corpus (../shared/data; the bundled slice
 * without it): the corpus is prepared and linked once under the rules, on this thread, recording
 * every pair that reaches `decide` with its similarity; then both decisions decide exactly those
 * pairs, alternating, with the corpus's own counts for the model. The extra cost is given per
 * decided pair and spread over all the candidate pairs of the run (most never reach `decide`:
 * the date, size and similarity checks before it turn them away, alike under both decisions).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runBatch } from '../src/prepare/batch-task.js';
import { CorpusBuilder } from '../src/prepare/corpus.js';
import { countDocumentFrequencies } from '../src/link/corpus-df.js';
import { parseDate } from '../src/read/dates.js';
import { prepareParams } from '../src/engine/dedup.js';
import { corpusView } from '../src/link/corpus-view.js';
import { linkCorpus } from '../src/link/link-corpus.js';
import { TokenReader } from '../src/prepare/token-column.js';
import { resolveOptions, ruleOptions } from '../src/options/options.js';
import { sketchStats } from '../src/verify/corpus-stats.js';
import { decide, type RuleOptions } from '../src/verify/decide.js';
import type { ItemView } from '../src/verify/item-view.js';
import { recordResults } from './lib/results.js';
import { readJsonl, SHARED_DATA } from './lib/shared-data.js';

recordResults('decide', 'Cost of a pair decision', 'npm run bench:decide');

interface Headline {
  id: string;
  title: string;
  date?: string;
}

const full = join(SHARED_DATA, 'headlines_zh.jsonl.gz');
const source = existsSync(full)
  ? full
  : join(import.meta.dirname, '..', '..', 'data', 'headlines_dated.jsonl');
const headlines = readJsonl<Headline>(source);
// Linked under the rules (today's decision before the learned one): the pairs they hand to decide.
const o = resolveOptions({ decision: 'rules' });
const params = prepareParams(o);
const builder = new CorpusBuilder(o.bands, false, 0);
const BATCH = 20_000;
for (let from = 0; from < headlines.length; from += BATCH) {
  const part = headlines.slice(from, from + BATCH);
  const { batch } = runBatch({ kind: 'texts', texts: part.map((h) => h.title) }, params);
  builder.append(
    batch,
    part.map((h) => h.id),
    part.map((h) => parseDate(h.date)),
  );
}
const corpus = builder.build();

// Every pair that reaches `decide` in the link stage, under the rules (the model's pairs are the
// same but for copies of one text on several dates, which both group alike: see link/link-corpus.ts).
const xs: number[] = [];
const ys: number[] = [];
const sims: number[] = [];
const links = await linkCorpus(corpus, o, {
  onDecide: (x, y, s) => {
    xs.push(x);
    ys.push(y);
    sims.push(s);
  },
});
const candidates = links.stats.candidates;

// The views as the link stage makes them: one per side, tokens unpacked per pair, dates set.
const readers = [new TokenReader(), new TokenReader()];
const view = (i: number, side: 0 | 1): ItemView => {
  const v = corpusView(corpus, i, readers[side]);
  v.date = corpus.dates[i];
  v.dateMax = corpus.dates[i];
  return v;
};
const rules: RuleOptions = { ...ruleOptions(o), decision: 'rules' };
const model: RuleOptions = { ...rules, decision: 'model' };
const stats = sketchStats(countDocumentFrequencies(corpus, false), true);
const pass = (r: RuleOptions): { ns: number; duplicates: number } => {
  let duplicates = 0;
  const t = performance.now();
  for (let k = 0; k < xs.length; k++)
    if (decide(view(xs[k], 0), view(ys[k], 1), r, sims[k], stats).duplicate) duplicates++;
  return { ns: ((performance.now() - t) * 1e6) / xs.length, duplicates };
};
const ROUNDS = 5;
const times: Record<'rules' | 'model', number[]> = { rules: [], model: [] };
const dups = { rules: 0, model: 0 };
pass(rules); // warm-up, both
pass(model);
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, opts] of [
    ['rules', rules],
    ['model', model],
  ] as const) {
    const { ns, duplicates } = pass(opts);
    times[name].push(ns);
    dups[name] = duplicates;
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const n = (x: number) => x.toLocaleString('en-US');
console.log(
  `${n(headlines.length)} headlines (${source}): ${n(candidates)} candidate pairs, ${n(xs.length)} reach decide`,
);
console.log(`| decision | ns per decided pair (median of ${ROUNDS}; range) | duplicates |\n|---|---|---|`);
for (const name of ['rules', 'model'] as const)
  console.log(
    `| ${name} | ${median(times[name]).toFixed(0)} (${Math.min(...times[name]).toFixed(0)}–${Math.max(...times[name]).toFixed(0)}) | ${n(dups[name])} |`,
  );
const extra = median(times.model) - median(times.rules);
console.log(
  `extra: ${extra.toFixed(0)} ns per decided pair; ${((extra * xs.length) / candidates).toFixed(0)} ns per candidate pair (Node ${process.version})`,
);
