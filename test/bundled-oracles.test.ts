/**
 * The engine's oracles on the bundled dated slice (data/headlines_dated.jsonl, see data/README.md),
 * so that every `npm test` runs them: clusters equal brute-force all-pairs clustering (with the
 * rules off against string shingles, with every rule and the dates on against the decision
 * function), the date-ordered bucket scan on titles that recur across days, and identical output
 * for any thread count and batch size. dedup.test.ts runs the same oracles on ../shared's corpus.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dedup, type RuleName } from '../src/index.js';
import { parseDate } from '../src/read/dates.js';
import { bruteForceClusters, bruteForceEngineClusters, memberSets } from './helpers/oracle.js';
import { ROOT } from './helpers/shared-data.js';

interface Headline {
  id: string;
  title: string;
  date: string;
}

const DAY = 86_400_000;
// The rules that read token spans; without them a decision is Jaccard ≥ threshold alone.
const SPAN_RULES: RuleName[] = [
  'date-gap',
  'numbers',
  'substitution',
  'negation',
  'stage',
  'extension',
  'edits',
];

let slice: Headline[];
let items: { id: string; text: string; date?: string }[];
beforeAll(() => {
  const text = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8');
  slice = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Headline);
  items = slice.map((h) => ({ id: h.id, text: h.title, date: h.date }));
});

describe('the bundled dated slice', () => {
  it('has titles that recur within the date window and beyond it', () => {
    const days = new Map<string, number[]>();
    for (const h of slice) days.set(h.title, [...(days.get(h.title) ?? []), parseDate(h.date)]);
    const spans = [...days.values()].filter((d) => d.length > 1).map((d) => Math.max(...d) - Math.min(...d));
    expect(slice.length).toBeGreaterThan(2000);
    expect(spans.filter((s) => s > 0 && s <= 7 * DAY).length).toBeGreaterThan(20);
    expect(spans.filter((s) => s > 7 * DAY).length).toBeGreaterThan(5);
  });
});

describe('engine oracles on the bundled dated slice', () => {
  for (const threshold of [0.5, 0.7]) {
    it(`rules off: verified clusters equal all-pairs clustering of string shingles at threshold ${threshold}`, async () => {
      const expected = bruteForceClusters(
        slice.map((h) => h.title),
        2,
        threshold,
      );
      const r = await dedup(
        items.map(({ date: _, ...x }) => x),
        { threshold, disableRules: SPAN_RULES, linkage: 'components', decision: 'rules' },
      );
      expect(expected.length).toBeGreaterThan(20); // the slice really has duplicates
      expect(memberSets(r)).toEqual(expected);
    });
  }

  it('every rule on, dated (buckets scanned in date order): star clusters and components equal brute force over the pairs LSH can propose', async () => {
    for (const linkage of ['star', 'components'] as const) {
      const expected = bruteForceEngineClusters(items, { linkage });
      const r = await dedup(items, { linkage });
      expect(r.stats.giantBuckets).toBe(0);
      expect(expected.length).toBeGreaterThan(20);
      expect(memberSets(r)).toEqual(expected);
    }
  });

  it('recurring titles varied and some undated (date order, date-gap veto): single thread and two threads equal all-pairs clustering of the pairs LSH can propose', async () => {
    // Every other copy varied, so that LSH and not the exact-copy join must find it; every ninth
    // undated, so that undated items sit in the same buckets as dated ones.
    const varied = items.map((h, i) => ({
      ...h,
      text: i % 2 === 1 ? `${h.text}了` : h.text,
      date: i % 9 === 4 ? undefined : h.date,
    }));
    const expected = bruteForceEngineClusters(varied);
    const single = await dedup(varied);
    const parallel = await dedup(varied, { batchSize: 200 }, { threads: 2 });
    expect(expected.length).toBeGreaterThan(20);
    expect(memberSets(single)).toEqual(expected);
    expect(parallel.clusters).toEqual(single.clusters);
  });

  it('same clusters and canonical choices for any thread count and batch size', async () => {
    const base = await dedup(items, { canonical: 'earliest' });
    expect(base.counts.clusters).toBeGreaterThan(20);
    for (const [threads, batchSize] of [
      [2, 4096],
      [2, 37],
      [1, 1000],
      [1, 37],
    ] as const) {
      const r = await dedup(items, { canonical: 'earliest', batchSize }, { threads });
      expect(r.clusters).toEqual(base.clusters);
      expect(Array.from(r.canonicalOf)).toEqual(Array.from(base.canonicalOf));
    }
  });
});
