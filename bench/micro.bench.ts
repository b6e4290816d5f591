/**
 * `npm run bench`: tinybench micro-benchmarks of each stage on real headlines, with a naive
 * baseline and the npm peers side by side: hashing, shingling, signatures (TypeScript vs the
 * WebAssembly SIMD kernel vs npm minhash vs bloom-filters), and LSH grouping (radix sort vs a
 * Map of string band keys). Throughput in headlines per second.
 */
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';
import { hashString } from '../src/sketch/hash.js';
import { makePermutations, signInto } from '../src/sketch/minhash.js';
import { bandHashesInto } from '../src/sketch/lsh.js';
import { Shingler } from '../src/text/shingle.js';
import { radixSortPairs } from '../src/link/radix-sort.js';
import { wasmSign, wasmSignAndBand } from '../src/sketch/kernel/wasm-kernel.js';
import { charGrams } from './lib/peers.js';
import { headlineSample, peakRssMb } from './lib/sample.js';
import { recordResults } from './lib/results.js';

recordResults('micro', 'Stages, one thread (tinybench)', 'npm run bench');

const require = createRequire(import.meta.url);
const NpmMinhash = require('minhash') as { Minhash: new () => { update(s: string): void } };
const BloomFilters = require('bloom-filters') as {
  MinHashFactory: new (n: number, max: number) => { create(): { bulkLoad(values: number[]): void } };
};

const N = 10_000;
const PEER_N = 500; // the peers are slow: a smaller slice, reported per item
const { titles, source } = headlineSample(N);
const params = { ngram: 2, foldScript: true, seed: 1, stripTags: true };
const perms = makePermutations(128, 1);
const BANDS = 40;
const ROWS = 3;

// Shingle once for the signature and grouping benchmarks.
const shingler = new Shingler(params);
const offsets = new Uint32Array(titles.length + 1);
const parts: Uint32Array[] = [];
for (let i = 0; i < titles.length; i++) {
  const n = shingler.shingle(titles[i]);
  parts.push(shingler.hashes.slice(0, n));
  offsets[i + 1] = offsets[i] + n;
}
const shingles = new Uint32Array(offsets[titles.length]);
parts.forEach((p, i) => shingles.set(p, offsets[i]));
const bands = new Uint32Array(titles.length * BANDS);
const sig = new Uint32Array(128);
const kernel = wasmSignAndBand();
const signOnly = wasmSign();
const sigs = new Uint32Array(titles.length * 128);
const stringGrams = titles.map((t) => charGrams(t, 3));
const numericGrams = stringGrams.map((g) => g.map((s) => hashString(s, 0, s.length, 7)));
const bloom = new BloomFilters.MinHashFactory(128, 2 ** 32 - 1);

const bench = new Bench({ time: 400, warmupTime: 100 });
bench
  .add('hash: Murmur3-style string hash of every title', () => {
    for (const t of titles) hashString(t, 0, t.length, 1);
  })
  .add('shingle: normalise + tokenise + 2-gram hashes', () => {
    for (const t of titles) shingler.shingle(t);
  })
  .add('sign: TypeScript, 128 perms', () => {
    for (let i = 0; i < titles.length; i++) signInto(shingles, offsets[i], offsets[i + 1], perms, sig, 0);
  })
  .add('sign + band: TypeScript kernel (128 perms, 40×3)', () => {
    for (let i = 0; i < titles.length; i++) {
      signInto(shingles, offsets[i], offsets[i + 1], perms, sig, 0);
      bandHashesInto(sig, 0, { bands: BANDS, rows: ROWS }, bands, i * BANDS);
    }
  });
if (kernel && signOnly) {
  bench.add('sign: WebAssembly SIMD kernel, 128 perms', () => {
    signOnly(shingles, offsets, titles.length, perms, sigs);
  });
  bench.add('sign + band: WebAssembly SIMD kernel (128 perms, 40×3)', () => {
    kernel(shingles, offsets, titles.length, perms, BANDS, ROWS, bands);
  });
}
bench
  .add(`peer: npm minhash, 128 perms over char 3-grams (${PEER_N} titles)`, () => {
    for (let i = 0; i < PEER_N; i++) {
      const m = new NpmMinhash.Minhash();
      for (const g of stringGrams[i]) m.update(g);
    }
  })
  .add(`peer: bloom-filters MinHash, 128 hashes (${PEER_N} titles)`, () => {
    for (let i = 0; i < PEER_N; i++) bloom.create().bulkLoad(numericGrams[i].length ? numericGrams[i] : [0]);
  })
  .add('group: radix sort of (band hash, item), 40 bands', () => {
    const keys = new Uint32Array(titles.length);
    const items = Uint32Array.from({ length: titles.length }, (_, i) => i);
    for (let b = 0; b < BANDS; b++) {
      for (let i = 0; i < titles.length; i++) keys[i] = bands[i * BANDS + b];
      radixSortPairs(keys, items);
    }
  })
  .add('group: naive Map of string band keys, 40 bands', () => {
    for (let b = 0; b < BANDS; b++) {
      const buckets = new Map<string, number[]>();
      for (let i = 0; i < titles.length; i++) {
        const key = `${b}:${bands[i * BANDS + b]}`;
        const list = buckets.get(key);
        if (list) list.push(i);
        else buckets.set(key, [i]);
      }
    }
  });

await bench.run();
const itemsPer = (name: string) => (name.includes(`(${PEER_N} titles)`) ? PEER_N : titles.length);
console.log(
  `neardup micro-benchmarks: ${titles.length.toLocaleString('en-US')} headlines (${source}), node ${process.version}, one thread\n`,
);
console.log('| task | headlines/s | mean ms per run | runs |\n|---|---|---|---|');
for (const task of bench.tasks) {
  const r = task.result as
    | { latency?: { mean: number; samples?: number[] }; mean?: number; samples?: number[] }
    | undefined;
  const meanMs = r?.latency?.mean ?? r?.mean ?? NaN;
  const runs = r?.latency?.samples?.length ?? r?.samples?.length ?? 0;
  const rate = (itemsPer(task.name) / meanMs) * 1000;
  console.log(
    `| ${task.name} | ${Math.round(rate).toLocaleString('en-US')} | ${meanMs.toFixed(2)} | ${runs} |`,
  );
}
console.log(`\npeak RSS ${peakRssMb()} MB`);
