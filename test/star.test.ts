/**
 * Star clusters: every removed item is a verified duplicate of the item kept in its place, the
 * clusters equal a brute-force star walk, and the online index replays batch dedup exactly. On
 * random small corpora and on the bundled real sample, so every machine runs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedup, type DedupOptions } from '../src/index.js';
import { ROOT } from './helpers/shared-data.js';
import {
  bruteForceStar,
  removedNotDuplicates,
  replayAgainstBatch,
  type DatedItem,
} from './helpers/star-oracle.js';

function bundled(name: string): DatedItem[] {
  return readFileSync(join(ROOT, 'data', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const r = JSON.parse(l) as { id: string; title: string; date?: string };
      return { id: r.id, text: r.title, date: r.date };
    });
}
const sample = bundled('headlines_sample.jsonl');
// Titles that recur across days, inside the date window and beyond it (see data/README.md).
const dated = bundled('headlines_dated.jsonl');

// Real headlines and edits that the rules treat differently: a tag added, a tail cut, a number
// changed, a negation inserted, a stage word swapped — so that some variants are duplicates of
// each other and some are not, and chains (A ~ B ~ C, A ≁ C) are common.
const BASES = [
  '河北新增14例本土确诊病例',
  '梅州籍院士心系桑梓返乡设立奖学金',
  '国足晋级世界杯决赛圈',
  '南非大选初步计票结果显示非国大获胜',
  '快乐大本营直播',
];
const EDITS: ((s: string) => string)[] = [
  (s) => s,
  (s) => `${s}组图`,
  (s) => s.slice(0, -2),
  (s) => s.replace(/\d+/, (d) => String(Number(d) + 1)).replace('国足', '国足再次'),
  (s) => `${s.slice(0, 3)}不${s.slice(3)}`,
  (s) => `${s}回应`,
  (s) => `${s.slice(2)}了`,
];

const corpus = fc.array(
  fc.record({
    base: fc.nat(BASES.length - 1),
    edit: fc.nat(EDITS.length - 1),
    day: fc.option(fc.nat(20), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 30 },
);

function items(spec: { base: number; edit: number; day?: number }[]): DatedItem[] {
  return spec.map((s, i) => ({
    id: `i${i}`,
    text: EDITS[s.edit](BASES[s.base]),
    date: s.day === undefined ? undefined : `2021-01-${String(s.day + 1).padStart(2, '0')}`,
  }));
}

// 128 bands of one row: a pair sharing one MinHash value of 128 is a candidate, so every pair
// the rules could accept is one, and the engine must find exactly what brute force finds.
const EVERY_PAIR: DedupOptions = { bands: 128, rows: 1 };
// The walk against brute force under one decision function: the rules. The learned decision
// weighs text by the corpus a run counts, and `compare` (the oracle's pairwise decision) by the
// bundled table alone, so a pair at the cut-off can fall either side; its star walk is checked
// against brute force with the corpus's own counts in corpus-df.test.ts.
const RULES_EVERY_PAIR: DedupOptions = { ...EVERY_PAIR, decision: 'rules' };

describe('star clusters against a brute-force star walk', () => {
  for (const canonical of ['first', 'earliest', 'longest'] as const) {
    it(`property (${canonical}): each item's kept item equals the brute-force walk's`, async () => {
      await fc.assert(
        fc.asyncProperty(corpus, async (spec) => {
          const its = items(spec);
          const options = { ...RULES_EVERY_PAIR, canonical };
          const r = await dedup(its, options);
          expect(Array.from(r.canonicalOf)).toEqual(bruteForceStar(its, options));
        }),
        { numRuns: 60, seed: 18 },
      );
    });
  }

  it('on the bundled sample: equals the brute-force walk (rules), and with default bands every removed item is a duplicate of its kept item', async () => {
    // Under the rules both sides decide alike; the learned decision's walk is held to brute force
    // with the corpus's own counts in corpus-df.test.ts (here the oracle would read the bundled
    // table, and a pair at the cut-off could fall either side).
    const slice = sample.slice(0, 900);
    const r = await dedup(slice, RULES_EVERY_PAIR);
    expect(r.counts.duplicates).toBeGreaterThan(50);
    expect(Array.from(r.canonicalOf)).toEqual(bruteForceStar(slice, RULES_EVERY_PAIR));
    for (const corpus of [sample, dated]) {
      for (const options of [{}, { canonical: 'earliest' as const }, { dateWindowDays: 1 }]) {
        const { removed, failures } = await removedNotDuplicates(corpus, options);
        expect(removed).toBeGreaterThan(150);
        expect(failures).toEqual([]);
      }
    }
  });

  it('components linkage keeps story threads: each star cluster lies inside one component', async () => {
    const star = await dedup(sample);
    const threads = await dedup(sample, { linkage: 'components' });
    expect(threads.options.linkage).toBe('components');
    for (const c of star.clusters)
      expect(new Set(c.members.map((m) => threads.clusterOf[m.index])).size).toBe(1);
    expect(threads.counts.duplicates).toBeGreaterThanOrEqual(star.counts.duplicates);
  });

  it('same clusters for any thread count and batch size', async () => {
    const base = await dedup(sample, { canonical: 'earliest' });
    for (const [threads, batchSize] of [
      [2, 4096],
      [2, 37],
      [1, 100],
    ] as const) {
      const r = await dedup(sample, { canonical: 'earliest', batchSize }, { threads });
      expect(r.clusters).toEqual(base.clusters);
    }
  });
});

describe('ties and chains', () => {
  // y is equally similar to two kept items that are not duplicates of each other (14 days apart).
  const y = '南非大选初步计票结果显示非国大获胜';
  const tied: DatedItem[] = [
    { id: 'late', text: `了${y}`, date: '2019-05-15' },
    { id: 'early', text: `${y}了`, date: '2019-05-01' },
    { id: 'y', text: y, date: '2019-05-08' },
  ];
  it('a tie in similarity goes to the kept item earlier in the walk, in batch and in the index', async () => {
    const r = await dedup(tied);
    expect(r.clusters.map((c) => c.members.map((m) => m.id))).toEqual([['late', 'y']]);
    const earliest = await dedup(tied, { canonical: 'earliest' });
    expect(earliest.clusters.map((c) => c.members.map((m) => m.id))).toEqual([['early', 'y']]);
    expect((await replayAgainstBatch(tied)).differences).toEqual([]);
  });

  it('a chain A ~ B ~ C with A ≁ C removes B only: C is kept although it matches B', async () => {
    const text = '某地举办龙舟赛';
    const chain: DatedItem[] = [
      { id: 'a', text, date: '2021-01-01' },
      { id: 'b', text, date: '2021-01-06' },
      { id: 'c', text, date: '2021-01-11' },
    ];
    expect((await dedup(chain)).clusters.map((c) => c.members.map((m) => m.id))).toEqual([['a', 'b']]);
    expect(
      (await dedup(chain, { linkage: 'components' })).clusters.map((c) => c.members.map((m) => m.id)),
    ).toEqual([['a', 'b', 'c']]);
  });
});

describe('the online index replays batch dedup', () => {
  it('checking the bundled samples in order flags exactly the removed items, each with of = its batch canonical', async () => {
    for (const corpus of [sample, dated]) {
      const { flagged, differences } = await replayAgainstBatch(corpus, { decision: 'rules' });
      expect(differences).toEqual([]);
      expect(flagged).toBeGreaterThan(150);
    }
  });

  // Under the learned decision the index weighs shared text by the arrivals so far, batch by the
  // whole corpus: the same text can weigh a little differently, so a few decisions may differ.
  it('under the learned decision, checking in order agrees with batch on nearly every item', async () => {
    for (const corpus of [sample, dated]) {
      const { flagged, differences } = await replayAgainstBatch(corpus, { decision: 'model' });
      // Measured: 0 of 2,067 and 1 of 2,274 differ.
      expect(differences.length).toBeLessThanOrEqual(corpus.length / 100);
      expect(flagged).toBeGreaterThan(150);
    }
  });
});
