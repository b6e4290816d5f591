import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateJaccard, makePermutations, signature } from '../src/sketch/minhash.js';
import { jaccardSorted } from '../src/sketch/jaccard.js';
import { shingleHashes } from '../src/text/shingle.js';
import { fmix32 } from '../src/sketch/hash.js';
import { chooseBands, collisionProbability, searchBandsExhaustive } from '../src/sketch/lsh.js';

describe('MinHash signatures', () => {
  const perms = makePermutations(128, 1);

  it('are deterministic for a seed and differ across seeds', () => {
    expect([...makePermutations(16, 7).a]).toEqual([...makePermutations(16, 7).a]);
    expect([...makePermutations(16, 7).a]).not.toEqual([...makePermutations(16, 8).a]);
    const s = shingleHashes('梅州籍院士心系桑梓', { ngram: 2, foldScript: true, seed: 1, stripTags: false });
    expect([...signature(s, perms)]).toEqual([...signature(s, makePermutations(128, 1))]);
  });

  it('pins a signature so that any change to the hash maths is seen (portability across versions)', () => {
    const s = shingleHashes('客家阿婆手作芋丝酥', { ngram: 2, foldScript: true, seed: 1, stripTags: false });
    const sig = signature(s, makePermutations(8, 1));
    expect(sig.length).toBe(8);
    // Recomputed by hand-free path: each value is min over shingles of a·x + b mod 2^32.
    const p = makePermutations(8, 1);
    for (let i = 0; i < 8; i++) {
      let m = 0xffffffff;
      for (const x of s) m = Math.min(m, Number((BigInt(p.a[i]) * BigInt(x) + BigInt(p.b[i])) % 2n ** 32n));
      expect(sig[i]).toBe(m);
    }
  });

  it('property: the estimate is within 4 standard errors of exact Jaccard', () => {
    // Sets of random 32-bit shingles with a controlled overlap.
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer(),
        (shared, onlyA, onlyB, seed) => {
          let x = seed >>> 0;
          const next = () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0);
          const common = Array.from({ length: shared }, next);
          const a = Uint32Array.from(new Set([...common, ...Array.from({ length: onlyA }, next)])).sort();
          const b = Uint32Array.from(new Set([...common, ...Array.from({ length: onlyB }, next)])).sort();
          const j = jaccardSorted(a, b);
          const est = estimateJaccard(signature(a, perms), signature(b, perms));
          const se = Math.sqrt((j * (1 - j)) / 128);
          expect(Math.abs(est - j)).toBeLessThanOrEqual(4 * se + 1 / 128);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is unbiased on average over many pairs of hashed shingles (mean error < 0.01)', () => {
    let sumErr = 0;
    const n = 400;
    for (let k = 0; k < n; k++) {
      // Shingle hashes are Murmur3-finalised, so the kernel's inputs look random; the
      // linear permutations a·x + b rely on that (structured inputs would bias them).
      const a = Uint32Array.from({ length: 30 }, (_, i) => fmix32(i + 1)).sort();
      const b = Uint32Array.from({ length: 30 }, (_, i) => fmix32(i + 1 + (k % 25))).sort();
      const p = makePermutations(128, k + 1);
      sumErr += estimateJaccard(signature(a, p), signature(b, p)) - jaccardSorted(a, b);
    }
    expect(Math.abs(sumErr / n)).toBeLessThan(0.01);
  });
});

describe('LSH band choice', () => {
  it('keeps b·r within the permutations and puts the S-curve around the threshold', () => {
    for (const t of [0.3, 0.5, 0.7, 0.9]) {
      const { bands, rows } = chooseBands(t, 128);
      expect(bands * rows).toBeLessThanOrEqual(128);
      expect(collisionProbability(Math.min(1, t + 0.1), bands, rows)).toBeGreaterThan(0.95);
      expect(collisionProbability(t / 3, bands, rows)).toBeLessThan(0.5);
    }
  });

  it('chooses what the exhaustive search over every (b, r) chooses', () => {
    for (const perms of [16, 64, 128, 256]) {
      for (const t of [0.1, 0.3, 0.45, 0.5, 0.62, 0.8, 0.95]) {
        for (const recall of [0.9, 0.995, 0.99999])
          expect(chooseBands(t, perms, recall)).toEqual(searchBandsExhaustive(t, perms, recall));
      }
    }
    // No (b, r) reaches this recall with 8 permutations at 0.3: the weighted fallback decides.
    const fallback = chooseBands(0.3, 8, 0.9999999);
    expect(collisionProbability(0.3, fallback.bands, fallback.rows)).toBeLessThan(0.9999999);
    expect(fallback).toEqual(searchBandsExhaustive(0.3, 8, 0.9999999));
  });

  it('computes P(s) = 1 − (1 − s^r)^b', () => {
    expect(collisionProbability(0.5, 32, 4)).toBeCloseTo(1 - (1 - 1 / 16) ** 32, 12);
    expect(collisionProbability(0, 32, 4)).toBe(0);
    expect(collisionProbability(1, 32, 4)).toBe(1);
  });
});
