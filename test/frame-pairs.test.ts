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
import { prepareParams } from '../src/engine/dedup.js';
import { countBatch, newSketchCells, sketchFromCells } from '../src/link/corpus-df.js';
import { FRAME_ITEMS, sharesOnlyFrame } from '../src/link/frame-pairs.js';
import { linkCorpus } from '../src/link/link-corpus.js';
import { PairSet } from '../src/link/pair-cache.js';
import { resolveOptions } from '../src/options/options.js';
import { runBatch } from '../src/prepare/batch-task.js';
import { CorpusBuilder, type Corpus } from '../src/prepare/corpus.js';
import { parseDate } from '../src/read/dates.js';
import { SKETCH_SHINGLE_BITS, sketchCount, type DfSketch } from '../src/verify/corpus-stats.js';
import { ROOT } from './helpers/shared-data.js';

/** A corpus and its counts, built as dedup builds them (one batch, counted as it is appended). */
function build(
  texts: readonly string[],
  dates?: readonly (string | undefined)[],
): { c: Corpus; df: DfSketch } {
  const o = resolveOptions();
  const builder = new CorpusBuilder(o.bands, false, 0);
  const cells = newSketchCells(false, false);
  const { batch } = runBatch({ kind: 'texts', texts: [...texts] }, prepareParams(o));
  countBatch(cells, batch);
  builder.append(
    batch,
    texts.map((_, i) => String(i)),
    texts.map((_, i) => parseDate(dates?.[i])),
  );
  const c = builder.build();
  return { c, df: sketchFromCells(c, cells) };
}

/** The edges of a link run as "x y" strings. */
function edgeSet(edges: Uint32Array): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k < edges.length; k += 3) out.add(`${edges[k]} ${edges[k + 1]}`);
  return out;
}

/** Headlines of one frame and two seeded characters from a small alphabet, so slots repeat. */
function template(n: number): string[] {
  let s = 32;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 8;
  };
  return Array.from(
    { length: n },
    () =>
      `民间故事：${String.fromCharCode(0x4e00 + (next() % 300))}${String.fromCharCode(0x4e00 + (next() % 300))}`,
  );
}

describe('sharesOnlyFrame', () => {
  it('equals the set intersection: shared, all over the bound, each side with text of its own', () => {
    const { c, df } = build(template(400).concat(['民间故事', '今日油价上涨', '今日油价下跌']));
    fc.assert(
      fc.property(fc.nat(c.size - 1), fc.nat(c.size - 1), fc.integer({ min: 0, max: 500 }), (x, y, bound) => {
        fc.pre(x !== y);
        const set = (i: number) => new Set(c.shingles.subarray(c.shingleOffsets[i], c.shingleOffsets[i + 1]));
        const a = set(x);
        const b = set(y);
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

describe('linking with the frame bound', () => {
  const o = resolveOptions();

  it('on a corpus of one frame, leaves out exactly the pairs that share only the frame', async () => {
    const { c, df } = build(template(1500));
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
      expect(sharesOnlyFrame(c, x, y, df.shingles, 300)).toBe(true);
    }
    // Not vacuous: the frame's pairs were there to leave out (the decision may turn all of them
    // down anyway: what the bound saves is deciding them), and pairs sharing a slot remain.
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
