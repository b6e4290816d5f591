/**
 * The date-ordered bucket scan against plain oracles: the order against a comparison sort, each
 * reach against a scan of every position, and the overlap counter with a reach against the
 * counter without one, filtered pair by pair.
 */
import { describe, expect, it } from 'vitest';
import { dateOrder, reachEnds } from '../src/engine/date-order.js';
import { OverlapCounter } from '../src/engine/overlap-counter.js';
import type { SharedCorpus } from '../src/engine/corpus.js';

function rng(seed: number): () => number {
  let h = seed >>> 0;
  return () => {
    h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return h / 2 ** 32;
  };
}

const DAY = 86_400_000;

/** Dates on a few hundred days, a tenth missing. */
function randomDates(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : Math.floor(r() * 300) * DAY + (r() < 0.2 ? Math.floor(r() * DAY) : 0)));
}

describe('dateOrder', () => {
  it('orders positions by start, undated first, ties by position (a comparison sort as oracle)', () => {
    for (const seed of [1, 2, 3]) {
      const starts = randomDates(3000, seed);
      const items = Uint32Array.from({ length: 1000 }, (_, k) => k * 3 + (seed % 3));
      const key = (k: number) => (Number.isNaN(starts[items[k]]) ? -Infinity : starts[items[k]]);
      const expected = Array.from({ length: items.length }, (_, k) => k).sort((a, b) => key(a) - key(b) || a - b);
      expect(Array.from(dateOrder(items, starts))).toEqual(expected);
    }
  });
});

describe('reachEnds', () => {
  it('is the last position that starts within the window of the end (every position scanned as oracle)', () => {
    const raw = randomDates(2000, 7);
    const starts = Float64Array.from(raw).sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
    const r = rng(9);
    const ends = starts.map((s) => (Number.isNaN(s) ? NaN : s + Math.floor(r() * 3) * DAY));
    const window = 7 * DAY;
    const last = reachEnds(starts, ends, window);
    for (let p = 0; p < starts.length; p++) {
      let expected = p;
      for (let q = p; q < starts.length; q++) if (Number.isNaN(ends[p]) || starts[q] <= ends[p] + window) expected = q;
      expect(last[p]).toBe(expected);
    }
  });
});

describe('OverlapCounter with a reach', () => {
  it('emits exactly the pairs it emits without one that are in reach', () => {
    const r = rng(11);
    const size = 300;
    // Sets drawn from a small vocabulary, so that many pairs share shingles.
    const offsets = new Uint32Array(size + 1);
    const values: number[] = [];
    for (let i = 0; i < size; i++) {
      const set = new Set<number>();
      const n = 3 + Math.floor(r() * 12);
      while (set.size < n) set.add(Math.floor(r() * 40));
      values.push(...[...set].sort((a, b) => a - b));
      offsets[i + 1] = values.length;
    }
    const corpus = { shingleOffsets: offsets, shingles: Uint32Array.from(values) } as unknown as SharedCorpus;
    const members = Uint32Array.from({ length: size }, (_, k) => k);
    const positions = Uint32Array.from({ length: size }, (_, k) => k * 2);
    const last = Uint32Array.from({ length: size * 2 }, (_, p) => p + Math.floor(r() * 250));
    const collect = (reach?: { positions: Uint32Array; last: Uint32Array }) => {
      const pairs: string[] = [];
      new OverlapCounter().pairs(corpus, members, 0.3, (x, y) => pairs.push(`${Math.min(x, y)}-${Math.max(x, y)}`), reach);
      return pairs.sort();
    };
    const all = collect();
    const inReach = all.filter((p) => {
      const [x, y] = p.split('-').map(Number);
      return positions[y] <= last[positions[x]];
    });
    expect(all.length).toBeGreaterThan(inReach.length);
    expect(inReach.length).toBeGreaterThan(100);
    expect(collect({ positions, last })).toEqual(inReach);
  });
});
