/**
 * Pairs that share only a template frame (link/frame-pairs.ts) against the obvious ways: the merge
 * against a set intersection, and linking with the bound against linking without it — on a corpus
 * of one frame the bound leaves out exactly the pairs that share nothing but the frame, and on the
 * bundled real headlines it leaves out nothing. The pair sets the link stage remembers against a
 * plain Set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_ITEMS, fillsDiffer, sharesOnlyFrame } from '../src/link/frame-pairs.js';
import { linkCorpus } from '../src/link/link-corpus.js';
import { PairSet } from '../src/link/pair-cache.js';
import { templateItems } from '../src/link/template-items.js';
import { resolveOptions, ruleOptions } from '../src/options/options.js';
import type { Corpus } from '../src/prepare/corpus.js';
import { SKETCH_SHINGLE_BITS, sketchCount, type DfSketch } from '../src/verify/corpus-stats.js';
import { lowestDuplicateSimilarity } from '../src/verify/decide.js';
import { buildCounted as build, pairSet as edgeSet, templateTitles } from './helpers/frame-corpus.js';
import { ROOT } from './helpers/shared-data.js';

/** Headlines of one frame and two seeded characters from a small alphabet, so slots repeat. */
const template = (n: number) => templateTitles(n, 300);

/** Item i's shingles as a Set. */
function shingleSet(c: Corpus, i: number): Set<number> {
  return new Set(c.shingles.subarray(c.shingleOffsets[i], c.shingleOffsets[i + 1]));
}

/**
 * What the band loop asks of a pair, at a frame bound and the similarity t pairs must reach:
 * fillsDiffer for two template headlines, else sharesOnlyFrame.
 */
function leftOutBy(c: Corpus, df: DfSketch, bound: number, t: number): (x: number, y: number) => boolean {
  const tmpl = templateItems(
    c,
    new Uint32Array(c.size).map((_, i) => i),
    df.shingles,
    bound,
    t,
  );
  return (x, y) =>
    tmpl && tmpl.slot[x] >= 0 && tmpl.slot[y] >= 0
      ? fillsDiffer(c, x, y, df.shingles, bound, tmpl.records[tmpl.slot[x]], tmpl.records[tmpl.slot[y]], t)
      : sharesOnlyFrame(c, x, y, df.shingles, bound);
}

describe('sharesOnlyFrame', () => {
  it('equals the set intersection: shared, all over the bound, each side with text of its own', () => {
    const { c, df } = build(template(400).concat(['民间故事', '今日油价上涨', '今日油价下跌']));
    fc.assert(
      fc.property(fc.nat(c.size - 1), fc.nat(c.size - 1), fc.integer({ min: 0, max: 500 }), (x, y, bound) => {
        fc.pre(x !== y);
        const a = shingleSet(c, x);
        const b = shingleSet(c, y);
        const shared = [...a].filter((h) => b.has(h));
        const expected =
          shared.length > 0 &&
          shared.every((h) => sketchCount(df.shingles, SKETCH_SHINGLE_BITS, h) > bound) &&
          shared.length < a.size &&
          shared.length < b.size;
        expect(sharesOnlyFrame(c, x, y, df.shingles, bound)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fillsDiffer', () => {
  it("equals the sets: own shingles (the bound's) with Jaccard below t, and neither side inside the other", () => {
    const { c, df } = build(
      template(400).concat([
        '民间故事',
        '民间故事：狼来了',
        '民间故事：狼来啦',
        '民间故事：狼来',
        '民间故事：小狼来',
      ]),
    );
    const count = (h: number) => sketchCount(df.shingles, SKETCH_SHINGLE_BITS, h);
    fc.assert(
      fc.property(
        fc.nat(c.size - 1),
        fc.nat(c.size - 1),
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom(0.4, 0.5, 0.8),
        (x, y, bound, t) => {
          fc.pre(x !== y);
          const a = shingleSet(c, x);
          const b = shingleSet(c, y);
          const ownA = [...a].filter((h) => count(h) <= bound);
          const ownB = [...b].filter((h) => count(h) <= bound);
          const sharedOwn = ownA.filter((h) => b.has(h)).length;
          const shared = [...a].filter((h) => b.has(h)).length;
          const union = ownA.length + ownB.length - sharedOwn;
          const expected = shared < a.size && shared < b.size && (union === 0 || sharedOwn / union < t);
          expect(fillsDiffer(c, x, y, df.shingles, bound, ownA.length, ownB.length, t)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('linking with the frame bound', () => {
  const o = resolveOptions();

  it('on a corpus of one frame, leaves out exactly the pairs of differing fills', async () => {
    // Fills of the frame that share most of their words, and one inside another: not left out.
    const { c, df } = build(
      template(1500).concat(['民间故事：狼来了', '民间故事：狼来啦', '民间故事：狼来']),
    );
    const leftOut = leftOutBy(c, df, 300, lowestDuplicateSimilarity(ruleOptions(o)));
    let decidedFull = 0;
    let decidedBounded = 0;
    const fullRun = await linkCorpus(c, o, {
      df,
      frameItems: Number.POSITIVE_INFINITY,
      onDecide: () => decidedFull++,
    });
    const boundedRun = await linkCorpus(c, o, { df, frameItems: 300, onDecide: () => decidedBounded++ });
    const full = edgeSet(fullRun.edges);
    const bounded = edgeSet(boundedRun.edges);
    for (const e of bounded) expect(full.has(e)).toBe(true);
    for (const e of full) {
      if (bounded.has(e)) continue;
      const [x, y] = e.split(' ').map(Number);
      expect(leftOut(x, y)).toBe(true);
    }
    // Not vacuous: the frame's pairs were there to leave out (the decision may turn all of them
    // down anyway: what the bound saves is deciding them), and fills sharing most words remain.
    expect(decidedBounded).toBeLessThan(decidedFull);
    expect(bounded.size).toBeGreaterThan(0);
  });

  it('on the bundled real headlines, at its default, gives the same edges as no bound', async () => {
    const rows = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { title: string; date?: string });
    const { c, df } = build(
      rows.map((r) => r.title),
      rows.map((r) => r.date),
    );
    const full = await linkCorpus(c, o, { df, frameItems: Number.POSITIVE_INFINITY });
    const bounded = await linkCorpus(c, o, { df, frameItems: FRAME_ITEMS });
    expect(full.edges.length).toBeGreaterThan(0);
    expect(Buffer.from(bounded.edges.buffer).equals(Buffer.from(full.edges.buffer))).toBe(true);
    expect(Buffer.from(bounded.possible.buffer).equals(Buffer.from(full.possible.buffer))).toBe(true);
  });
});

describe('PairSet', () => {
  it('holds what was added, either order, as a Set of pairs does, through growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3000), fc.nat(3000)), { maxLength: 3000 }), (pairs) => {
        const set = new PairSet();
        const oracle = new Set<string>();
        const key = (x: number, y: number) => (x < y ? `${x} ${y}` : `${y} ${x}`);
        for (const [x, y] of pairs) {
          if (x === y) continue;
          set.add(x, y);
          oracle.add(key(x, y));
        }
        for (const [x, y] of pairs) if (x !== y) expect(set.has(y, x)).toBe(true);
        for (let k = 0; k < 200; k++) {
          const x = (k * 7919) % 3001;
          const y = (k * 104729) % 3001;
          if (x !== y) expect(set.has(x, y)).toBe(oracle.has(key(x, y)));
        }
      }),
      { numRuns: 50 },
    );
  });
});
