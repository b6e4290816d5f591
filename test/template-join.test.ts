/**
 * Template headlines (link/template-items.ts) and the join that pairs them in a bucket
 * (link/template-join.ts) against the obvious ways: the sketch's blocks against its cells, the
 * frame shingles against the sketch's counts, the template headlines against sets, the join
 * against every pair, and linking with the join against linking that tries every pair of a
 * bucket. And the bound issue #32 asks for: on one template, the pairs the link stage tries grow
 * linearly with the number of headlines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCountTask, type CountAndFrameTask } from '../src/link/count-task.js';
import { linkCorpus } from '../src/link/link-corpus.js';
import { TemplateJoin } from '../src/link/template-join.js';
import { FrameShingles, indexPrefix, RECORD_HEAD, templateItems } from '../src/link/template-items.js';
import { resolveOptions } from '../src/options/options.js';
import {
  cellA,
  cellB,
  SKETCH_BLOCK_BITS,
  SKETCH_SHINGLE_BITS,
  sketchBlock,
  sketchCells,
  sketchCount,
} from '../src/verify/corpus-stats.js';
import { buildCounted, templateTitles, wordFills } from './helpers/frame-corpus.js';
import { ROOT } from './helpers/shared-data.js';

/** The first `n` bundled dated headlines, titles and dates. */
function dated(n: number): { titles: string[]; dates: string[] } {
  const rows = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, n)
    .map((l) => JSON.parse(l) as { title: string; date: string });
  return { titles: rows.map((r) => r.title), dates: rows.map((r) => r.date) };
}

describe('sketchBlock', () => {
  it("names the block of both of a key's cells", () => {
    fc.assert(
      fc.property(fc.nat(0xffffffff), (h) => {
        const cells = sketchCells(h, SKETCH_SHINGLE_BITS);
        const block = sketchBlock(h, SKETCH_SHINGLE_BITS);
        expect(cellA(cells) >>> SKETCH_BLOCK_BITS).toBe(block);
        expect(cellB(cells) >>> SKETCH_BLOCK_BITS).toBe(block);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('FrameShingles', () => {
  it('says what the sketch says: counted in more than the bound', () => {
    const { c, df } = buildCounted(templateTitles(3000).concat(dated(3000).titles));
    for (const bound of [0, 1, 5, 300, 2999, 3000]) {
      const frame = new FrameShingles(df.shingles, bound);
      for (let p = 0; p < c.shingles.length; p++) {
        const h = c.shingles[p];
        expect(frame.has(h)).toBe(sketchCount(df.shingles, SKETCH_SHINGLE_BITS, h) > bound);
      }
      fc.assert(
        fc.property(fc.nat(0xffffffff), (h) => {
          expect(frame.has(h)).toBe(sketchCount(df.shingles, SKETCH_SHINGLE_BITS, h) > bound);
        }),
        { numRuns: 500 },
      );
    }
  });
});

describe('templateItems', () => {
  it('holds the representatives with more frame shingles than own ones, own ones rarest first', () => {
    const { c, df } = buildCounted(
      templateTitles(800).concat(['民间故事', '民间故事：狼来了', '民间故事：狼来了吗', '今日油价']),
    );
    const count = (h: number) => sketchCount(df.shingles, SKETCH_SHINGLE_BITS, h);
    // Every other item a representative, so that the others must be left out.
    const reps = new Uint32Array(c.size).map((_, i) => i).filter((i) => i % 2 === 0);
    for (const bound of [0, 3, 300, 1000]) {
      const t = 0.4;
      const got = templateItems(c, reps, df.shingles, bound, t);
      let expectedCount = 0;
      for (let i = 0; i < c.size; i++) {
        const all = [...c.shingles.subarray(c.shingleOffsets[i], c.shingleOffsets[i + 1])];
        const own = all.filter((h) => count(h) <= bound);
        const isTemplate = i % 2 === 0 && own.length >= 1 && own.length <= all.length - own.length;
        if (!isTemplate) {
          if (got) expect(got.slot[i]).toBe(-1);
          continue;
        }
        expectedCount++;
        const r = got!.slot[i];
        own.sort((a, b) => count(a) - count(b) || a - b);
        expect(got!.records[r]).toBe(own.length);
        expect(got!.records[r + 1]).toBe(indexPrefix(own.length, t));
        expect([...got!.records.subarray(r + RECORD_HEAD, r + RECORD_HEAD + own.length)]).toEqual(own);
      }
      expect(got?.count ?? 0).toBe(expectedCount);
      if (bound === 300) expect(expectedCount).toBeGreaterThan(300);
    }
  });
});

describe('TemplateJoin', () => {
  it('finds every pair of own sets with Jaccard ≥ t or one inside the other, each once', () => {
    // Own sets from a small universe, so that pairs overlap in every way.
    const sets = fc.array(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }), {
      minLength: 2,
      maxLength: 40,
    });
    fc.assert(
      fc.property(sets, fc.constantFrom(0.3, 0.4, 0.5, 0.8, 1), (members, t) => {
        // Records as templateItems lays them out; any fixed order of a set's shingles will do
        // for the join (the rarest first only makes prefixes selective).
        const records: number[] = [];
        const at = new Uint32Array(members.length);
        members.forEach((own, k) => {
          at[k] = records.length;
          records.push(own.length, indexPrefix(own.length, t), ...own);
        });
        const found = new Map<string, number>();
        new TemplateJoin(Uint32Array.from(records)).pairs(at, members.length, (j, k) => {
          const key = j < k ? `${j} ${k}` : `${k} ${j}`;
          found.set(key, (found.get(key) ?? 0) + 1);
        });
        for (const times of found.values()) expect(times).toBe(1);
        for (let j = 0; j < members.length; j++)
          for (let k = j + 1; k < members.length; k++) {
            const a = new Set(members[j]);
            const b = new Set(members[k]);
            const shared = [...a].filter((h) => b.has(h)).length;
            const similar = shared >= t * (a.size + b.size - shared) - 1e-9;
            const inside = shared === a.size || shared === b.size;
            if (similar || inside) expect(found.has(`${j} ${k}`)).toBe(true);
          }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('linking with the template join', () => {
  it('decides the pairs that trying every pair of a bucket decides, to the same edges', async () => {
    // Real dated headlines at a low frame bound, where common words make hundreds of template
    // headlines of every shape, dates give buckets a reach; one template by the thousand, and
    // one whose fills share words.
    const { titles, dates } = dated(8000);
    const all = titles.concat(templateTitles(2000), wordFills(600));
    const { c, df } = buildCounted(all, dates);
    for (const o of [
      resolveOptions(),
      resolveOptions({ maxBucket: 100 }),
      resolveOptions({ disableRules: ['date-gap'] }),
    ]) {
      // Every pair handed to the decision, whatever it made of it.
      const run = async (templateJoin: boolean) => {
        const handed = new Set<string>();
        const onDecide = (x: number, y: number) => handed.add(x < y ? `${x} ${y}` : `${y} ${x}`);
        const links = await linkCorpus(c, o, { df, frameItems: 60, templateJoin, record: true, onDecide });
        return { ...links, handed };
      };
      const joined = await run(true);
      const every = await run(false);
      expect(every.edges.length).toBeGreaterThan(0);
      expect(joined.handed.size).toBe(every.handed.size);
      for (const pair of every.handed) expect(joined.handed.has(pair)).toBe(true);
      expect(Buffer.from(joined.edges.buffer).equals(Buffer.from(every.edges.buffer))).toBe(true);
      expect(Buffer.from(joined.possible.buffer).equals(Buffer.from(every.possible.buffer))).toBe(true);
      expect(Buffer.from(joined.decided!.buffer).equals(Buffer.from(every.decided!.buffer))).toBe(true);
      // Not vacuous: the join tried fewer pairs.
      expect(joined.stats.candidates).toBeLessThan(every.stats.candidates);
    }
  });

  it('links the same with the template headlines found by the thread that counts, among every item', async () => {
    // On a pool the link thread that counts finds the template headlines too, among every item,
    // copies included (here run in this thread, as the worker runs it); else they are found
    // among the representatives. Copies of template headlines make the two sets differ.
    const { titles, dates } = dated(3000);
    const frames = templateTitles(1500);
    const all = titles.concat(frames, frames.slice(0, 300), wordFills(400));
    const allDates = dates.concat(all.slice(titles.length).map((_, i) => dates[i % dates.length]));
    const { c, df } = buildCounted(all, allDates, true);
    const o = resolveOptions();
    const handed = { byCounter: 0, here: 0 };
    const counter = async (task: CountAndFrameTask) => {
      const found = runCountTask(task);
      if (found.templates) handed.byCounter = found.templates.count;
      return found;
    };
    const withCounter = await linkCorpus(c, o, { counter, frameItems: 60, record: true });
    const given = await linkCorpus(c, o, { df, frameItems: 60, record: true });
    const reps = new Set(
      Array.from({ length: c.size }, (_, i) => i).filter((i) => withCounter.repOf[i] === i),
    );
    handed.here = templateItems(c, Uint32Array.from(reps), df.shingles, 60, 0.4)?.count ?? 0;
    // Not vacuous: copies made the counter's set larger, and both found template headlines.
    expect(handed.here).toBeGreaterThan(100);
    expect(handed.byCounter).toBeGreaterThan(handed.here);
    expect(withCounter.edges.length).toBeGreaterThan(0);
    expect(Buffer.from(withCounter.edges.buffer).equals(Buffer.from(given.edges.buffer))).toBe(true);
    expect(Buffer.from(withCounter.possible.buffer).equals(Buffer.from(given.possible.buffer))).toBe(true);
    expect(Buffer.from(withCounter.decided!.buffer).equals(Buffer.from(given.decided!.buffer))).toBe(true);
  });

  it('on one template, tries pairs in number linear in its headlines', async () => {
    // Headlines share their first slot character with n / 300 others, so trying every pair of a
    // bucket grows as n²; the frame's own buckets are giant (over maxBucket) and compared along
    // a chain. The counts are the engine's, on one thread, so they do not vary from run to run.
    const o = resolveOptions({ maxBucket: 100 });
    const tried = async (n: number, templateJoin: boolean) => {
      const { c, df } = buildCounted(templateTitles(n));
      let decided = 0;
      const r = await linkCorpus(c, o, { df, frameItems: 300, templateJoin, onDecide: () => decided++ });
      return { candidates: r.stats.candidates, decided };
    };
    const small = await tried(3000, true);
    const large = await tried(6000, true);
    expect(large.candidates).toBeLessThanOrEqual(2.2 * small.candidates);
    expect(large.decided).toBeLessThanOrEqual(2.2 * small.decided);
    // The same corpora without the join: the count above can tell linear from quadratic.
    const smallEvery = await tried(3000, false);
    const largeEvery = await tried(6000, false);
    expect(largeEvery.candidates).toBeGreaterThan(3 * smallEvery.candidates);
  });
});
