/**
 * `npm run bench:articles`: neardup on whole articles (../shared/data/articles_zh.jsonl.gz):
 *
 * - recall of body pairs with exact body Jaccard ≥ 0.8 (char 5-grams after NFKC, lower case,
 *   letters and digits only) against an exact prefix-filtered all-pairs join, and whether the
 *   clusters equal the oracle's connected components (no unverified merges);
 * - throughput (articles/s, MB/s of body text) and peak RSS on 2 threads, one-permutation
 *   hashing beside classic k-permutation signatures, in one run;
 * - clusters that share a body but not a headline, a few shown.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedup } from '../src/index.js';
import { allPairs } from '../src/link/all-pairs.js';
import { bodyShingles } from '../src/text/body-shingle.js';
import { shingleHashes } from '../src/text/shingle.js';
import { jaccardSorted } from '../src/sketch/jaccard.js';
import { estimateJaccard, makePermutations, signature } from '../src/sketch/minhash.js';
import { ophSignatureInto } from '../src/sketch/oph.js';
import { wasmSign } from '../src/sketch/kernel/wasm-kernel.js';
import { readJsonl, sharedPath } from './lib/shared-data.js';
import { recordResults } from './lib/results.js';

recordResults('articles', 'Article bodies', 'npm run bench:articles');

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');
const file = sharedPath('articles_zh.jsonl.gz');
type Article = { id: string; title: string; body: string };
const articles = readJsonl<Article>(file);
const THRESHOLD = 0.8;

// The oracle, exactly as the issue defines it (no script folding).
const sets = articles.map((a) => bodyShingles(a.body, { ngram: 5, foldScript: false, seed: 1 }));
const offsets = new Uint32Array(sets.length + 1);
sets.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.length));
const values = new Uint32Array(offsets[sets.length]);
sets.forEach((s, i) => values.set(s, offsets[i]));
let t = performance.now();
const exact = allPairs({ offsets, values }, THRESHOLD);
const oracleSeconds = (performance.now() - t) / 1000;

const items = articles.map((a) => ({ id: a.id, text: a.title, body: a.body }));
t = performance.now();
const result = await dedup(
  items,
  // Components: this bench measures that linking finds every pair, which star clusters (where a
  // pair's two items may sit with different kept items) would not show as one cluster.
  { match: 'body', bodyThreshold: THRESHOLD, foldScript: false, linkage: 'components' },
  { threads: 2 },
);
const engineSeconds = (performance.now() - t) / 1000;
const found = exact.filter(
  (p) => result.clusterOf[p.a] !== 0 && result.clusterOf[p.a] === result.clusterOf[p.b],
).length;

// Components of the oracle graph vs the engine's clusters.
const parent = Int32Array.from({ length: items.length }, (_, i) => i);
const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
for (const p of exact) parent[find(p.a)] = find(p.b);
const oracleGroups = new Map<number, number[]>();
for (let i = 0; i < items.length; i++) {
  const r = find(i);
  oracleGroups.set(r, [...(oracleGroups.get(r) ?? []), i]);
}
const key = (g: number[]) => g.sort((a, b) => a - b).join(',');
const oracleKeys = new Set([...oracleGroups.values()].filter((g) => g.length > 1).map(key));
const engineKeys = new Set(result.clusters.map((c) => key(c.members.map((m) => m.index))));
const sameComponents = oracleKeys.size === engineKeys.size && [...oracleKeys].every((k) => engineKeys.has(k));

console.log(
  `neardup article benchmark: ${articles.length.toLocaleString('en-US')} articles (${file}), node ${process.version}\n`,
);
console.log(
  `exact oracle (prefix-filtered all-pairs join, char 5-grams, Jaccard ≥ ${THRESHOLD}): ${exact.length} pairs in ${oracleSeconds.toFixed(1)} s`,
);
console.log(
  `neardup --match body --body-threshold ${THRESHOLD} (2 threads, ${result.options.bodyBands}×${result.options.bodyRows} body bands, one-permutation hashing): ${found} of ${exact.length} pairs in one cluster = recall ${(found / exact.length).toFixed(4)}; clusters ${sameComponents ? 'equal' : 'differ from'} the oracle's connected components (${engineKeys.size} vs ${oracleKeys.size}); ${engineSeconds.toFixed(1)} s\n`,
);

// Signatures alone, one thread, on every body's shingles: O(n + k) against O(n·k).
{
  const k = 128;
  const sig = new Uint32Array(k);
  let start = performance.now();
  for (let i = 0; i < sets.length; i++) ophSignatureInto(values, offsets[i], offsets[i + 1], k, 1, sig, 0);
  const ophSeconds = (performance.now() - start) / 1000;
  const kernel = wasmSign()!;
  const sigs = new Uint32Array(256 * k);
  const perms = makePermutations(k, 1);
  start = performance.now();
  for (let s = 0; s < sets.length; s += 256) {
    const n = Math.min(256, sets.length - s);
    const base = offsets[s];
    const rel = Uint32Array.from(offsets.subarray(s, s + n + 1), (x) => x - base);
    kernel(values.subarray(base, offsets[s + n]), rel, n, perms, sigs);
  }
  const classicSeconds = (performance.now() - start) / 1000;
  // Estimate quality on the oracle's pairs and as many pairs below the threshold.
  const ophSig = (i: number) => {
    const out = new Uint32Array(k);
    ophSignatureInto(values, offsets[i], offsets[i + 1], k, 1, out, 0);
    return out;
  };
  const classicSig = (i: number) => signature(values.slice(offsets[i], offsets[i + 1]), perms);
  const probe = [
    ...exact.slice(0, 300).map((p) => [p.a, p.b]),
    ...exact.slice(0, 300).map((p) => [p.a, (p.b + 7) % sets.length]),
  ];
  let eo = 0;
  let ec = 0;
  for (const [a, b] of probe) {
    const j = jaccardSorted(sets[a], sets[b]);
    eo += Math.abs(estimateJaccard(ophSig(a), ophSig(b)) - j);
    ec += Math.abs(estimateJaccard(classicSig(a), classicSig(b)) - j);
  }
  const avg = values.length / sets.length;
  console.log(
    `signatures alone (one thread, ${Math.round(avg)} shingles per body on average): one-permutation ${Math.round(sets.length / ophSeconds).toLocaleString('en-US')} bodies/s, classic 128 permutations (WebAssembly SIMD) ${Math.round(sets.length / classicSeconds).toLocaleString('en-US')} bodies/s; mean absolute error of the Jaccard estimate on ${probe.length} pairs: one-permutation ${(eo / probe.length).toFixed(4)}, classic ${(ec / probe.length).toFixed(4)}\n`,
  );
}

const bodyMb = articles.reduce((n, a) => n + Buffer.byteLength(a.body), 0) / 1e6;
console.log(
  `| body signatures | articles/s | MB/s of body text | seconds | peak RSS MB | clusters |\n|---|---|---|---|---|---|`,
);
for (const kernel of ['oph', 'classic']) {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      'dedup',
      file,
      '--body-field',
      'body',
      '--match',
      'body',
      '--body-kernel',
      kernel,
      '--threads',
      '2',
      '--json',
      '--quiet',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(r.stderr);
  const s = JSON.parse(r.stdout) as { clusters: number; peak_rss_mb: number };
  const name =
    kernel === 'oph'
      ? 'one-permutation hashing, densified (O(n + k))'
      : 'classic 128 permutations, WebAssembly SIMD (O(n·k))';
  console.log(
    `| ${name} | ${Math.round(articles.length / seconds).toLocaleString('en-US')} | ${(bodyMb / seconds).toFixed(1)} | ${seconds.toFixed(2)} | ${s.peak_rss_mb} | ${s.clusters} |`,
  );
}
console.log(
  `\n(${bodyMb.toFixed(1)} MB of body text; end to end through the CLI: read, parse, shingle, sign, band, link, cluster.)\n`,
);

const titleParams = { ngram: 2, foldScript: true, seed: 1, stripTags: true };
const differentTitles = result.clusters.filter((c) => {
  const titles = c.members.map((m) => shingleHashes(items[m.index].text, titleParams));
  return titles.slice(1).some((tt) => jaccardSorted(titles[0], tt) < 0.3);
});
console.log(
  `${differentTitles.length} of ${result.clusters.length} body clusters have members whose headlines share less than 30% (title Jaccard < 0.3). A few:\n`,
);
for (const c of differentTitles.slice(0, 5)) {
  console.log(
    `- cluster ${c.cluster} (${c.size} articles, body similarity to the kept one ${c.members
      .slice(1)
      .map((m) => m.similarity)
      .join(', ')}):`,
  );
  for (const m of c.members) console.log(`    ${m.id}: ${items[m.index].text}`);
}
