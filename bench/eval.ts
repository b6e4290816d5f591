/**
 * `npm run eval`: how good are neardup's decisions? Precision, recall and F1 on the hand-labelled
 * gold dev set and on the paraphrase proxy sets, a threshold sweep, a per-rule ablation, the
 * peers' decision rules in the same harness, and the LSH candidate recall against an exact
 * all-pairs join on a 100k-headline sample. Reads ../shared/data.
 */
import { compare, DEFAULTS, RULE_NAMES, resolveOptions, type RuleName } from '../src/index.js';
import { EDIT_FACTOR } from '../src/verify/decide.js';
import { allPairs } from '../src/link/all-pairs.js';
import { prepareBatch } from '../src/prepare/prepare.js';
import { shingleParams } from '../src/options/options.js';
import { datasketchStyleLsh, npmMinhashLsh, simhashJs, type PairRule } from './lib/peers.js';
import { readJsonl, sharedPath } from './lib/shared-data.js';
import { losoReport } from './lib/loso-report.js';
import { recordResults } from './lib/results.js';

recordResults('eval', 'Accuracy', 'npm run eval');

interface Pair {
  a: string;
  b: string;
  dateA?: string | null;
  dateB?: string | null;
  positive: boolean;
}

interface Scores {
  precision: number;
  recall: number;
  f1: number;
  fp: number;
  fn: number;
}

function score(pairs: readonly Pair[], decide: (p: Pair) => boolean): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of pairs) {
    const d = decide(p);
    if (d && p.positive) tp++;
    else if (d) fp++;
    else if (p.positive) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return {
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    fp,
    fn,
  };
}

const fmt = (x: number) => x.toFixed(3);
const row = (name: string, s: Scores) =>
  `| ${name} | ${fmt(s.precision)} | ${fmt(s.recall)} | ${fmt(s.f1)} | ${s.fp} | ${s.fn} |`;
const HEADER = '| rule | precision | recall | F1 | false pos | false neg |\n|---|---|---|---|---|---|';

function ours(threshold: number, disableRules: RuleName[] = []) {
  return (p: Pair) =>
    compare({ text: p.a, date: p.dateA }, { text: p.b, date: p.dateB }, { threshold, disableRules })
      .duplicate;
}

function loadSets(): Record<string, Pair[]> {
  type Gold = { a: string; b: string; date_a: string | null; date_b: string | null; label: string };
  type Graded = { title: string; title2: string; label: number };
  const gold = readJsonl<Gold>(sharedPath('gold/dev.jsonl')).map((g) => ({
    a: g.a,
    b: g.b,
    dateA: g.date_a,
    dateB: g.date_b,
    positive: g.label === 'dup',
  }));
  const graded = (file: string, pos: (l: number) => boolean, neg: (l: number) => boolean) =>
    readJsonl<Graded>(sharedPath(file))
      .filter((g) => pos(g.label) || neg(g.label))
      .map((g) => ({ a: g.title, b: g.title2, positive: pos(g.label) }));
  return {
    'gold dev': gold,
    'STS-B 5 vs 0–2': graded(
      'pairs/stsb_zh.jsonl',
      (l) => l === 5,
      (l) => l <= 2,
    ),
    'Sohu 5 vs 0': graded(
      'pairs/sohu_news.jsonl',
      (l) => l === 5,
      (l) => l === 0,
    ),
    'PAWS-X 1 vs 0': graded(
      'pairs/pawsx_zh.jsonl',
      (l) => l === 1,
      (l) => l === 0,
    ),
  };
}

function lshRecall(): string {
  type Headline = { title: string };
  const all = readJsonl<Headline>(sharedPath('headlines_zh.jsonl.gz'));
  const sample = all
    .filter((_, i) => i % 10 === 0)
    .slice(0, 100_000)
    .map((h) => h.title);
  const o = resolveOptions();
  const batch = prepareBatch(sample, { ...shingleParams(o), perms: o.perms, bands: o.bands, rows: o.rows });
  const sharesBand = (a: number, b: number) => {
    for (let band = 0; band < o.bands; band++)
      if (batch.bandHashes[a * o.bands + band] === batch.bandHashes[b * o.bands + band]) return true;
    return false;
  };
  const exact = allPairs(
    { offsets: batch.shingleOffsets, values: batch.shingles },
    o.threshold * EDIT_FACTOR,
  );
  const above = exact.filter((p) => p.similarity >= o.threshold);
  // Pairs below the threshold that the edits rule accepts (words added or dropped, nothing replaced).
  const compareDefault = (a: string, b: string) => compare(a, b);
  const edits = exact.filter(
    (p) => p.similarity < o.threshold && compareDefault(sample[p.a], sample[p.b]).rule === 'edits',
  );
  const surfaced = above.filter((p) => sharesBand(p.a, p.b)).length;
  const editsSurfaced = edits.filter((p) => sharesBand(p.a, p.b)).length;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `LSH candidate recall on ${n(sample.length)} headlines (every 10th of headlines_zh.jsonl.gz), ` +
    `threshold ${o.threshold}, ${o.bands} bands × ${o.rows} rows: ${n(surfaced)} of ` +
    `${n(above.length)} pairs with exact Jaccard ≥ ${o.threshold} share a band = ${(surfaced / above.length).toFixed(4)}\n` +
    `Pairs from ${o.threshold * EDIT_FACTOR} to ${o.threshold} that the edits rule accepts: ${n(editsSurfaced)} of ${n(edits.length)} share a band = ` +
    `${(editsSurfaced / Math.max(1, edits.length)).toFixed(4)}`
  );
}

function main(): void {
  const started = performance.now();
  const sets = loadSets();
  const gold = sets['gold dev'];
  const t = DEFAULTS.threshold;
  const npm = npmMinhashLsh();
  const peers: [string, PairRule][] = [
    ['datasketch-style char-3-gram MinHash-LSH at 0.5, no verification', datasketchStyleLsh(0.5)],
    ['simhash-js, Hamming ≤ 3', simhashJs(3)],
    ['npm minhash LshIndex (char 3-grams, bands of 4)', npm],
  ];

  console.log(losoReport());
  if (process.env.EVAL_LOSO_ONLY) return;
  console.log(`## neardup evaluation (defaults: threshold ${t}, ngram ${DEFAULTS.ngram}, all rules on)\n`);
  for (const [name, pairs] of Object.entries(sets)) {
    const positives = pairs.filter((p) => p.positive).length;
    console.log(`### ${name}: ${pairs.length} pairs, ${positives} positive\n\n${HEADER}`);
    console.log(row(`**neardup** (threshold ${t})`, score(pairs, ours(t))));
    console.log(row(`neardup shingle Jaccard ≥ ${t}, no rules`, score(pairs, ours(t, [...RULE_NAMES]))));
    for (const [peer, rule] of peers)
      console.log(
        row(
          peer,
          score(pairs, (p) => rule(p.a, p.b)),
        ),
      );
    console.log('');
  }
  if (npm.failures > 0)
    console.log(
      `(npm minhash's LshIndex.query threw on ${npm.failures} queries with no shared band; counted as "not duplicate")\n`,
    );

  console.log(`### Threshold sweep on gold dev\n\n| threshold | all rules F1 | no rules F1 |\n|---|---|---|`);
  for (const th of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]) {
    console.log(
      `| ${th} | ${fmt(score(gold, ours(th)).f1)} | ${fmt(score(gold, ours(th, [...RULE_NAMES])).f1)} |`,
    );
  }
  console.log(`\n### Rule ablation on gold dev (threshold ${t})\n\n${HEADER}`);
  console.log(row('all rules', score(gold, ours(t))));
  for (const r of RULE_NAMES) console.log(row(`without ${r}`, score(gold, ours(t, [r]))));
  console.log(row('no rules', score(gold, ours(t, [...RULE_NAMES]))));
  console.log('');
  console.log(lshRecall());
  console.log(`\n(eval took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

main();
