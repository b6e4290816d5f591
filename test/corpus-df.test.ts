/**
 * Batch dedup's corpus statistics: the count-min sketch of document frequencies against exact
 * counts, and the learned decision in the link stage (on threads) weighing shared text by the
 * corpus's own counts, against brute force with the same statistics built the obvious way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/prepare/batch-task.js';
import { CorpusBuilder } from '../src/prepare/corpus.js';
import { countBatch, countPart, newSketch, newSketchCells, sketchFromCells } from '../src/link/corpus-df.js';
import { parseDate } from '../src/read/dates.js';
import { prepareParams } from '../src/engine/dedup.js';
import { dedup } from '../src/index.js';
import { WARM_UP, isWarmUp } from '../src/link/warm-up.js';
import { createPool, type WorkerPool } from '../src/engine/pool.js';
import { resolveOptions } from '../src/options/options.js';
import { emptySketch, type SketchStats, sketchStats } from '../src/verify/corpus-stats.js';
import { bruteForceEngineClusters, exactCounts, memberSets, pairViews, sketchOf } from './helpers/oracle.js';
import { ROOT } from './helpers/shared-data.js';

let items: { id: string; text: string; date?: string }[];
beforeAll(() => {
  items = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; title: string; date?: string })
    .map((h) => ({ id: h.id, text: h.title, date: h.date }));
});

describe('corpus document frequencies in batch dedup', () => {
  it('the sketch never undercounts, and counts nearly every shingle of the bundled slice exactly', () => {
    const exact = exactCounts(pairViews(items));
    const sketch = sketchOf(exact);
    const withoutTable = sketchStats(sketch, false) as unknown as { df: (k: number) => number };
    let exactHits = 0;
    for (const [k, n] of exact.shingles) {
      expect(withoutTable.df(k)).toBeGreaterThanOrEqual(n);
      if (withoutTable.df(k) === n) exactHits++;
    }
    expect(exactHits / exact.shingles.size).toBeGreaterThan(0.99);
  });

  it("the online index's statistics count each arrival once, in a sketch of fixed size", () => {
    const stats = sketchStats(emptySketch(), false) as SketchStats;
    const lnBefore = stats.lnDocs();
    stats.observe(Uint32Array.of(11, 22), 0, 2, Uint32Array.of(7, 7, 8), 0, 3);
    stats.observe(Uint32Array.of(11), 0, 1, Uint32Array.of(7), 0, 1);
    expect(stats.docs).toBe(2);
    expect(stats.lnDocs()).toBeGreaterThan(lnBefore);
    expect(stats.df(11)).toBe(2);
    expect(stats.df(22)).toBe(1);
    // A token repeated in one headline counts once: 7 is in two headlines, 8 in one.
    expect(stats.tokenIdf(7)).toBeCloseTo(Math.log(3) - Math.log1p(2), 12);
    expect(stats.tokenIdf(8)).toBeCloseTo(Math.log(3) - Math.log1p(1), 12);
  });

  it('counted in parts (the separate pass split by cells), the sketch is the same cell for cell, for any split', () => {
    const o = resolveOptions();
    const builder = new CorpusBuilder(o.bands, false, 0);
    const { batch } = runBatch({ kind: 'texts', texts: items.map((h) => h.text) }, prepareParams(o));
    builder.append(
      batch,
      items.map((h) => h.id),
      items.map((h) => parseDate(h.date)),
    );
    const { ids: _ids, ...corpus } = builder.build();
    const whole = newSketch(corpus, false);
    countPart({ corpus, sketch: whole, part: 0, parts: 1, tokens: true });
    // Many parts, many boundaries between them: a cell counted by two parts, or by none, shows.
    for (const parts of [2, 3, 1024]) {
      const split = newSketch(corpus, false);
      for (let part = parts - 1; part >= 0; part--)
        countPart({ corpus, sketch: split, part, parts, tokens: true });
      expect(split.docs).toBe(whole.docs);
      expect(Buffer.from(split.shingles.buffer).equals(Buffer.from(whole.shingles.buffer))).toBe(true);
      expect(Buffer.from(split.tokens.buffer).equals(Buffer.from(whole.tokens.buffer))).toBe(true);
    }
    expect(whole.shingles.some((n) => n > 0)).toBe(true);
  });

  it('counted batch by batch while preparing (as dedup does), the sketch equals the pass over the corpus', () => {
    const o = resolveOptions();
    const params = prepareParams(o);
    for (const batchSize of [items.length, 97, 1]) {
      for (const shared of [false, true]) {
        const builder = new CorpusBuilder(o.bands, false, 0);
        const cells = newSketchCells(shared, true);
        for (let from = 0; from < items.length; from += batchSize) {
          const part = items.slice(from, from + batchSize);
          const { batch } = runBatch({ kind: 'texts', texts: part.map((h) => h.text) }, params);
          countBatch(cells, batch);
          builder.append(
            batch,
            part.map((h) => h.id),
            part.map((h) => parseDate(h.date)),
          );
        }
        const { ids: _ids, ...corpus } = builder.build();
        const whole = newSketch(corpus, false);
        countPart({ corpus, sketch: whole, part: 0, parts: 1, tokens: true });
        const counted = sketchFromCells(corpus, cells);
        expect(counted.docs).toBe(whole.docs);
        expect(Buffer.from(counted.shingles.buffer).equals(Buffer.from(whole.shingles.buffer))).toBe(true);
        expect(Buffer.from(counted.tokens.buffer).equals(Buffer.from(whole.tokens.buffer))).toBe(true);
      }
    }
  });

  // With the bundled table's shingles, the corpus's counts are added to the table's; with other
  // shingles (trigrams here) the table does not apply and the counts are all there is.
  for (const ngram of [2, 3]) {
    it(`with the model deciding (${ngram}-grams), star clusters on one and two threads equal brute force with the corpus counts`, async () => {
      const options = { decision: 'model' as const, ngram };
      const stats = sketchStats(sketchOf(exactCounts(pairViews(items, options))), ngram === 2);
      const expected = bruteForceEngineClusters(items, options, stats);
      const single = await dedup(items, options);
      const parallel = await dedup(items, { ...options, batchSize: 300 }, { threads: 2 });
      expect(expected.length).toBeGreaterThan(20);
      expect(memberSets(single)).toEqual(expected);
      expect(parallel.clusters).toEqual(single.clusters);
    });
  }

  it('a link thread takes the warm-up, which only loads its modules, and then links as before', async () => {
    const pool = createPool(2);
    try {
      // Both threads warmed, as dedup warms its own link threads while it builds the corpus.
      expect(await Promise.all([0, 1].map(() => pool.run(WARM_UP, { name: 'link' })))).toEqual([null, null]);
      expect(isWarmUp(WARM_UP)).toBe(true);
      const options = { decision: 'model' as const };
      const single = await dedup(items, options);
      const pooled = await dedup(items, options, { pool });
      expect(pooled.clusters).toEqual(single.clusters);
    } finally {
      await pool.destroy();
    }
  });

  it("a pool of the caller's that knows only the default and link handlers counts on a link thread", async () => {
    const pool = createPool(2);
    const names: string[] = [];
    // As a caller's pool over neardup's worker file may route: the two handler names dedup has
    // always used, nothing else.
    const routed: WorkerPool = {
      options: pool.options,
      run: (task, how) => {
        const name = how?.name ?? 'default';
        names.push(name);
        if (name !== 'default' && name !== 'link') return Promise.reject(new Error(`no handler ${name}`));
        return pool.run(task, how);
      },
      destroy: () => pool.destroy(),
    };
    try {
      const options = { decision: 'model' as const };
      const single = await dedup(items, options);
      const pooled = await dedup(items, { ...options, batchSize: 300 }, { pool: routed });
      expect(pooled.clusters).toEqual(single.clusters);
      // The counting pass ran there: one link task more than the band ranges (one per thread).
      expect(names.filter((n) => n === 'link').length).toBe(pool.options.maxThreads + 1);
    } finally {
      await pool.destroy();
    }
  });
});

describe('a pair reads alike whoever counted it', () => {
  it('sharedRarest in a corpus of the two items (both counted) equals the bundled table alone (neither)', async () => {
    const { pairFeatures, FEATURE_COUNT, FEATURE_INDEX } = await import('../src/verify/features.js');
    const { align } = await import('../src/verify/span-rules.js');
    const { bundledStats } = await import('../src/verify/corpus-stats.js');
    const { ruleOptions, shingleParams } = await import('../src/options/options.js');
    const { jaccardSorted } = await import('../src/sketch/jaccard.js');
    const o = resolveOptions();
    // A name no other headline has, in two reports of one event.
    const [a, b] = pairViews([
      { text: '客家阿婆手作芋丝酥在TikTok上点击量破千万' },
      { text: '客家阿婆手作芋丝酥点击量破千万' },
    ]);
    const counted = sketchStats(sketchOf(exactCounts([a, b])), true);
    const rarest = (stats: Parameters<typeof pairFeatures>[7]) => {
      const sim = jaccardSorted(a.shingles, b.shingles, 0, a.sTo, 0, b.sTo);
      const x = pairFeatures(
        a,
        b,
        ruleOptions(o),
        sim,
        align(a, b),
        align(b, a),
        Number.NaN,
        stats,
        stats.lnDocs(),
        new Float64Array(FEATURE_COUNT),
      );
      return x[FEATURE_INDEX.get('sharedRarest')!];
    };
    const table = rarest(bundledStats(shingleParams(o)));
    expect(table).toBeGreaterThan(0.8);
    expect(rarest(counted)).toBeCloseTo(table, 3);
    // Not vacuous: statistics that did not say they counted the pair read it as less rare.
    const unsaid = sketchStats(sketchOf(exactCounts([a, b])), true, 0);
    expect(rarest(unsaid)).toBeLessThan(table - 0.01);
  });
});
