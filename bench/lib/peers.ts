/**
 * The peers' decision rules, run in our harness on the same pairs:
 * - datasketch-style MinHash-LSH: char 3-grams, 128 permutations, (b, r) chosen by datasketch's
 *   default objective (false positives and negatives weighted 0.5 / 0.5), duplicate when the two
 *   share a band — no verification;
 * - simhash-js: 32-bit Charikar simhash of the text (its defaults), duplicate at Hamming ≤ 3;
 * - npm minhash: its Minhash over char 3-grams and its LshIndex (bands of 4), duplicate when the
 *   index returns the other item.
 */
import { createRequire } from 'node:module';
import { collisionProbability } from '../../src/sketch/lsh.js';
import { hashString } from '../../src/sketch/hash.js';
import { makePermutations, signature } from '../../src/sketch/minhash.js';

const require = createRequire(import.meta.url);
const { SimHash } = require('simhash-js') as { SimHash: new () => { hash(text: string): number } };
const NpmMinhash = require('minhash') as {
  Minhash: new () => { update(s: string): void; hashvalues: number[] };
  LshIndex: new (args?: {
    bandSize?: number;
  }) => { insert(key: string, m: unknown): void; query(m: unknown): string[] };
};

export type PairRule = (a: string, b: string) => boolean;

/** Character n-grams of NFKC, lower-cased text without spaces (what these tools are usually fed). */
export function charGrams(text: string, n: number): string[] {
  const chars = [...text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')];
  if (chars.length <= n) return chars.length ? [chars.join('')] : [];
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** datasketch's `_optimal_param`: minimise 0.5·FP + 0.5·FN area over b·r ≤ k. */
export function datasketchBands(threshold: number, perms: number): { bands: number; rows: number } {
  const integrate = (f: (s: number) => number, lo: number, hi: number) => {
    let sum = 0;
    const steps = 200;
    const h = (hi - lo) / steps;
    for (let i = 0; i < steps; i++) sum += f(lo + (i + 0.5) * h);
    return sum * h;
  };
  let best = { bands: 1, rows: 1 };
  let bestErr = Infinity;
  for (let b = 1; b <= perms; b++) {
    for (let r = 1; b * r <= perms; r++) {
      const fp = integrate((s) => collisionProbability(s, b, r), 0, threshold);
      const fn = integrate((s) => 1 - collisionProbability(s, b, r), threshold, 1);
      const err = 0.5 * fp + 0.5 * fn;
      if (err < bestErr) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}

export function datasketchStyleLsh(threshold = 0.5, perms = 128): PairRule {
  const { bands, rows } = datasketchBands(threshold, perms);
  const p = makePermutations(perms, 1);
  const sig = (t: string) => {
    const grams = [...new Set(charGrams(t, 3).map((g) => hashString(g, 0, g.length, 7)))].sort(
      (x, y) => x - y,
    );
    return signature(Uint32Array.from(grams), p);
  };
  return (a, b) => {
    const sa = sig(a);
    const sb = sig(b);
    for (let band = 0; band < bands; band++) {
      let same = true;
      for (let r = 0; r < rows && same; r++) same = sa[band * rows + r] === sb[band * rows + r];
      if (same && charGrams(a, 3).length > 0) return true;
    }
    return false;
  };
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function simhashJs(maxHamming = 3): PairRule {
  const sh = new SimHash();
  return (a, b) => {
    const ha = sh.hash(a);
    const hb = sh.hash(b);
    if (ha === undefined || hb === undefined) return false;
    return popcount32((ha ^ hb) >>> 0) <= maxHamming;
  };
}

/**
 * npm minhash 0.0.9 has two bugs this wrapper must live with: `query` throws a TypeError when a
 * band of the query is not in the index (it reads `.length` of undefined), so a pair that shares
 * no band cannot be asked about without an exception; and `(a * hash + b) % prime` multiplies
 * two 32-bit numbers in floating point, past 2^53, so low bits of every hash are lost. The first
 * is counted in `failures` and treated as "no match".
 */
export function npmMinhashLsh(): PairRule & { failures: number } {
  const rule = ((a: string, b: string) => {
    const index = new NpmMinhash.LshIndex({ bandSize: 4 });
    const ma = new NpmMinhash.Minhash();
    const mb = new NpmMinhash.Minhash();
    for (const g of charGrams(a, 3)) ma.update(g);
    for (const g of charGrams(b, 3)) mb.update(g);
    index.insert('a', ma);
    try {
      return index.query(mb).includes('a');
    } catch {
      rule.failures++;
      return false;
    }
  }) as PairRule & { failures: number };
  rule.failures = 0;
  return rule;
}
