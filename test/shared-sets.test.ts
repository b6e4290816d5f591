/**
 * What link threads share, with several threads writing at once. The disjoint sets against a plain
 * oracle (components by breadth-first search): the sets must come out the same, and the joins
 * that report success must number exactly n − components. The cache of pairs turned down: every
 * pair added is held, and no other pair.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairCache } from '../src/link/pair-cache.js';
import { UnionFind } from '../src/cluster/union-find.js';

/** Component label (smallest member) of every node, by breadth-first search. */
function components(n: number, edges: readonly [number, number][]): number[] {
  const next: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    next[a].push(b);
    next[b].push(a);
  }
  const label = new Array<number>(n).fill(-1);
  for (let s = 0; s < n; s++) {
    if (label[s] !== -1) continue;
    label[s] = s;
    const queue = [s];
    while (queue.length > 0)
      for (const y of next[queue.pop()!]) if (label[y] === -1) queue.push(y), (label[y] = s);
  }
  return label;
}

/** The sets as labels (smallest member), to compare with the oracle's. */
function labels(n: number, sets: UnionFind): number[] {
  const smallest = new Map<number, number>();
  for (let i = 0; i < n; i++) if (!smallest.has(sets.find(i))) smallest.set(sets.find(i), i);
  return Array.from({ length: n }, (_, i) => smallest.get(sets.find(i))!);
}

/** A module of the build, for worker threads (which cannot load TypeScript). */
function distModule(name: string): string {
  return pathToFileURL(fileURLToPath(new URL(`../dist/src/${name}.js`, import.meta.url))).href;
}

/** Runs `body` on a thread per workerData, all starting at once (a shared gate); resolves with what each posts. */
function raceThreads<T>(body: string, data: Record<string, unknown>[]): Promise<T[]> {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  return Promise.all(
    data.map(
      (workerData) =>
        new Promise<T>((resolve, reject) => {
          const worker = new Worker(
            `const { workerData, parentPort } = require('node:worker_threads');
             import(workerData.module).then((m) => {
               Atomics.add(workerData.gate, 0, 1);
               while (Atomics.load(workerData.gate, 0) < workerData.threads);
               parentPort.postMessage((${body})(m, workerData));
             });`,
            { eval: true, workerData: { ...workerData, gate, threads: data.length } },
          );
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
}

function randomEdges(n: number, count: number, seed: number): [number, number][] {
  let h = seed;
  const next = () => (h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) % n;
  return Array.from({ length: count }, () => [next(), next()]);
}

describe('UnionFind', () => {
  it('property: the sets are the connected components of the pairs joined, and union says whether it joined two', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 60 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 120 })),
          ),
        ([n, edges]) => {
          const sets = new UnionFind(n);
          for (const [a, b] of edges) {
            const apart = sets.find(a) !== sets.find(b);
            expect(sets.union(a, b)).toBe(apart);
          }
          expect(labels(n, sets)).toEqual(components(n, edges));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('threads joining pairs in one shared set of sets at once give the components, each join counted once', async () => {
    // Threads start together (a shared gate) and join as many pairs as there are items, most
    // of them into a few large sets, so that they race for the same roots all the time.
    const n = 100_000;
    const threads = 4;
    const perThread = 60_000;
    const edgeLists = Array.from({ length: threads }, (_, t) =>
      randomEdges(n, perThread, t + 1).concat(randomEdges(n, 2000, 99)),
    );
    const module = distModule('cluster/union-find');
    for (let round = 0; round < 3; round++) {
      const sets = new UnionFind(n, true);
      const joined = await raceThreads<number>(
        `({ UnionFind }, { parents, edges }) => {
           const sets = new UnionFind(parents);
           let joined = 0;
           for (let k = 0; k < edges.length; k += 2) if (sets.union(edges[k], edges[k + 1])) joined++;
           return joined;
         }`,
        edgeLists.map((edges) => ({ module, parents: sets.parents, edges: Int32Array.from(edges.flat()) })),
      );
      const expected = components(n, edgeLists.flat());
      expect(labels(n, sets)).toEqual(expected);
      expect(joined.reduce((a, b) => a + b, 0)).toBe(n - new Set(expected).size);
    }
  });
});

describe('PairCache', () => {
  it('threads adding pairs to one shared cache at once: every pair added is held, and no other', async () => {
    const module = distModule('link/pair-cache');
    for (let round = 0; round < 3; round++) {
      // A third full (no pair dropped for a long probe), so that probes run long and threads meet;
      // two threads (one a core) with work enough to overlap for a while.
      const cache = new PairCache(2 ** 20, true);
      // Each thread adds its own pairs and a run that both add.
      const lists = Array.from({ length: 2 }, (_, t) =>
        randomEdges(1 << 20, 150_000, t + 10 + round * 4)
          .concat(randomEdges(1 << 20, 40_000, 77))
          .filter(([x, y]) => x !== y),
      );
      await raceThreads<number>(
        `({ PairCache }, { table, pairs }) => {
           const cache = new PairCache(table);
           for (let k = 0; k < pairs.length; k += 2) cache.add(pairs[k], pairs[k + 1]);
           return 0;
         }`,
        lists.map((pairs) => ({ module, table: cache.table, pairs: Int32Array.from(pairs.flat()) })),
      );
      const added = new Set(lists.flat().map(([x, y]) => (x < y ? x * 2 ** 21 + y : y * 2 ** 21 + x)));
      let missing = 0;
      for (const key of added) if (!cache.has(key % 2 ** 21, Math.floor(key / 2 ** 21))) missing++;
      let foreign = 0;
      for (const [x, y] of randomEdges(1 << 20, 50_000, 1234))
        if (x !== y && cache.has(x, y) && !added.has(x < y ? x * 2 ** 21 + y : y * 2 ** 21 + x)) foreign++;
      expect({ missing, foreign }).toEqual({ missing: 0, foreign: 0 });
    }
  });
});
