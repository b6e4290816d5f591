/**
 * The date-ordered bucket scan against plain oracles: the order against a comparison sort, each
 * reach against a scan of every position, and the overlap counter with a reach against the
 * counter without one, filtered pair by pair; the cache of pairs turned down against a Set.
 */
import { describe, expect, it } from 'vitest';
import { bandPositions, dateScanOrder } from '../src/link/date-order.js';
import { OverlapCounter } from '../src/link/overlap-counter.js';
import { PairCache } from '../src/link/pair-cache.js';
import type { SharedCorpus } from '../src/prepare/corpus.js';

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
  return Float64Array.from({ length: n }, () =>
    r() < 0.1 ? NaN : Math.floor(r() * 300) * DAY + (r() < 0.2 ? Math.floor(r() * DAY) : 0),
  );
}

describe('dateScanOrder', () => {
  it('orders items by start, undated first, ties as given (a comparison sort as oracle), each reach as far as the window goes (every position scanned as oracle)', () => {
    for (const seed of [1, 2, 3]) {
      const starts = randomDates(3000, seed);
      const r = rng(seed + 100);
      const ends = starts.map((d) => (Number.isNaN(d) ? NaN : d + Math.floor(r() * 3) * DAY));
      const items = Uint32Array.from({ length: 1000 }, (_, k) => k * 3 + (seed % 3));
      const window = 7 * DAY;
      const key = (k: number) => (Number.isNaN(starts[items[k]]) ? -Infinity : starts[items[k]]);
      const expected = Array.from({ length: items.length }, (_, k) => k).sort(
        (a, b) => key(a) - key(b) || a - b,
      );
      const scan = dateScanOrder(items, starts, ends, window);
      expect(Array.from(scan.order)).toEqual(expected);
      expect(Array.from(scan.items)).toEqual(expected.map((k) => items[k]));
      for (let p = 0; p < items.length; p++) {
        const end = ends[scan.items[p]];
        let reach = p;
        for (let q = p; q < items.length; q++)
          if (Number.isNaN(end) || starts[scan.items[q]] <= end + window) reach = q;
        expect(scan.last[p]).toBe(reach);
      }
      // What the band loop reads, built once for all its tasks: each position's item and reach,
      // and each representative's position.
      const positions = bandPositions(items, scan, seed === 2);
      for (let p = 0; p < items.length; p++) {
        expect(positions.itemReach[2 * p]).toBe(items[expected[p]]);
        expect(positions.itemReach[2 * p + 1]).toBe(scan.last[p]);
        expect(positions.posOf![expected[p]]).toBe(p);
      }
      const plain = bandPositions(items, undefined);
      expect(plain.posOf).toBeUndefined();
      expect(Array.from(plain.itemReach)).toEqual(Array.from(items).flatMap((i) => [i, items.length - 1]));
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
      new OverlapCounter().pairs(
        corpus,
        members,
        0.3,
        (x, y) => pairs.push(`${Math.min(x, y)}-${Math.max(x, y)}`),
        reach,
      );
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

describe('PairCache', () => {
  it('property: holds exactly the pairs a Set of "x,y" strings holds, in either order, while it has room', () => {
    for (const seed of [1, 2, 3]) {
      const r = rng(seed);
      const cache = new PairCache(2 ** 15);
      const oracle = new Set<string>();
      // Items from a small range so that pairs repeat; large ones near 2^31 too.
      const item = () => (r() < 0.1 ? 0x7ffffffe - Math.floor(r() * 4) : Math.floor(r() * 300));
      for (let k = 0; k < 20_000; k++) {
        const x = item();
        const y = item();
        if (x === y) continue;
        const name = x < y ? `${x},${y}` : `${y},${x}`;
        expect(cache.has(y, x)).toBe(oracle.has(name));
        if (r() < 0.5) {
          cache.add(x, y);
          oracle.add(name);
        }
      }
      for (const name of oracle) {
        const [x, y] = name.split(',').map(Number);
        expect(cache.has(x, y) && cache.has(y, x)).toBe(true);
      }
    }
  });

  it('once half full it drops new pairs, and never reports one it was not given', () => {
    const cache = new PairCache(64);
    const added: [number, number][] = [];
    for (let k = 1; k <= 100; k++) {
      cache.add(k, k + 1000);
      added.push([k, k + 1000]);
    }
    const held = added.filter(([x, y]) => cache.has(x, y)).length;
    expect(held).toBe(32);
    for (let k = 1; k <= 100; k++) expect(cache.has(k, k + 2000)).toBe(false);
  });

  it("a view over another cache's table (what a link thread gets) shares its pairs", () => {
    const cache = new PairCache(1024, true);
    const view = new PairCache(cache.table);
    view.add(7, 3);
    expect(cache.has(3, 7)).toBe(true);
    expect(cache.has(3, 8)).toBe(false);
  });
});
