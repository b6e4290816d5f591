/**
 * The second tier (possible duplicates): kept, never removed, each kept item pointing at the most
 * probable earlier kept item it possibly repeats. Checked against a brute-force oracle on the
 * bundled dated slice (every LSH-proposable pair of kept items decided by the decision function),
 * across thread counts, and through the CLI's --annotate and --clusters.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { possibleLinks } from '../src/cluster/possible.js';
import { dedup, type DedupResult } from '../src/index.js';
import { resolveOptions, ruleOptions } from '../src/options/options.js';
import { decide } from '../src/verify/decide.js';
import { bundledModel } from '../src/verify/model.js';
import { nounExtensionOf } from './helpers/pair-features.js';
import { batchStats, lshCandidate, pairViews } from './helpers/oracle.js';
import { ROOT } from './helpers/shared-data.js';

interface Headline {
  id: string;
  title: string;
  date: string;
}

let items: { id: string; text: string; date?: string }[];
let result: DedupResult;
beforeAll(async () => {
  const text = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8');
  items = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Headline)
    .map((h) => ({ id: h.id, text: h.title, date: h.date }));
  result = await dedup(items);
});

/**
 * The possible duplicates the engine must report, on items with no exact copy in the corpus (a
 * group of copies is decided as one item dated over the copies' span, which this oracle does not
 * model): every pair of kept items that LSH can propose, decided by the decision function with the
 * corpus's counts; each kept item points at the most probable earlier one it is a possible
 * duplicate of (ties: the earlier). Returns the items compared and their expected pointers.
 */
function bruteForcePossible(r: DedupResult): { compared: number[]; expected: number[]; actual: number[] } {
  const views = pairViews(items);
  const key = (i: number) => views[i].shingles.join(',');
  const copies = new Map<string, number>();
  for (let i = 0; i < items.length; i++) copies.set(key(i), (copies.get(key(i)) ?? 0) + 1);
  const single = (i: number) => copies.get(key(i)) === 1;
  const stats = batchStats(items);
  const rules = ruleOptions(resolveOptions());
  const candidate = lshCandidate(items.map((i) => i.text));
  const kept = [...r.canonicalOf.keys()].filter((i) => r.canonicalOf[i] === i && single(i));
  const compared: number[] = [];
  const expected: number[] = [];
  const actual: number[] = [];
  for (let q = 0; q < kept.length; q++) {
    const j = kept[q];
    const engine = r.possibleOf[j];
    if (engine >= 0 && !single(engine)) continue;
    let best = -1;
    let bestP = -1;
    for (let p = 0; p < q; p++) {
      const i = kept[p];
      if (!candidate(i, j)) continue;
      const d = decide(views[i], views[j], rules, undefined, stats);
      expect(d.duplicate, `kept items ${items[i].text} / ${items[j].text} are duplicates`).toBe(false);
      if (d.possible === true && d.probability! > bestP) {
        bestP = d.probability!;
        best = i;
      }
    }
    compared.push(j);
    expected.push(best);
    actual.push(engine);
  }
  return { compared, expected, actual };
}

describe('possible duplicates', () => {
  it('are kept items, each pointing at an earlier kept item, below the cut-off unless a veto stopped it for review', () => {
    expect(result.counts.possible).toBeGreaterThan(0);
    const cutoff = bundledModel()!.weights.cutoff;
    const views = pairViews(items);
    const stats = batchStats(items);
    const rules = ruleOptions(resolveOptions());
    let n = 0;
    let stopped = 0;
    for (let i = 0; i < items.length; i++) {
      const of = result.possibleOf[i];
      if (of < 0) continue;
      n++;
      expect(result.canonicalOf[i]).toBe(i);
      expect(result.canonicalOf[of]).toBe(of);
      expect(of).toBeLessThan(i);
      if (result.possibleProbability[i] < cutoff) continue;
      // At the removal cut-off or above, only a veto that keeps the pair for review leaves it kept.
      stopped++;
      const d = decide(views[of], views[i], rules, undefined, stats);
      expect(d, `${items[of].text} / ${items[i].text}`).toMatchObject({
        duplicate: false,
        rule: 'extension',
      });
      expect(nounExtensionOf(items[of].text, items[i].text)).toBe(1);
    }
    expect(n).toBe(result.counts.possible);
    console.log(
      `possible duplicates: ${n}, of them stopped for review at the removal cut-off or above: ${stopped}`,
    );
  });

  it('agree with the brute-force oracle on the bundled dated slice', () => {
    expect(result.stats.giantBuckets).toBe(0);
    const { compared, expected, actual } = bruteForcePossible(result);
    expect(compared.length).toBeGreaterThan(1000);
    expect(expected.filter((e) => e >= 0).length).toBeGreaterThan(3);
    expect(actual).toEqual(expected);
  });

  it('are the same on 1 and 2 threads, and none at --possible-cutoff 1', async () => {
    const two = await dedup(items, {}, { threads: 2 });
    expect([...two.possibleOf]).toEqual([...result.possibleOf]);
    expect([...two.possibleProbability]).toEqual([...result.possibleProbability]);
    const none = await dedup(items, { possibleCutoff: 1 });
    expect(none.counts.possible).toBe(0);
    expect([...none.canonicalOf]).toEqual([...result.canonicalOf]);
  });

  it('a pair whose side was removed for a third item says nothing about the kept ones', () => {
    // Items 0 and 1 are kept; 2 was removed as a duplicate of 0; the pair (1, 2) is dropped.
    const links = possibleLinks(
      new Uint32Array([0, 1, 400_000, 1, 2, 600_000]),
      new Int32Array([0, 1, 2]),
      new Int32Array([0, 1, 0]),
    );
    expect([...links.possibleOf]).toEqual([-1, 0, -1]);
    expect(links.probability[1]).toBe(0.4);
    expect(links.count).toBe(1);
  });
});

describe('possible duplicates in the report', () => {
  it('each embedded cluster lists the kept items that possibly repeat its kept item, with the evidence', async () => {
    const { buildReportData, reportClusters } = await import('../src/report/report-data.js');
    const top = reportClusters(result, 10_000);
    const all = new Set(top.flatMap((c) => c.members.map((m) => m.index)));
    for (let i = 0; i < items.length; i++) if (result.possibleOf[i] >= 0) all.add(i);
    const texts = new Map([...all].map((i) => [i, items[i].text]));
    const dates = new Map([...all].map((i) => [i, items[i].date!]));
    const data = buildReportData(result, top, texts, 'slice', {}, {}, new Map(), dates);
    const listed = data.clusters.flatMap((c) => c.possible.map((p) => [p.id, c.canonical.id]));
    const expected = [...result.possibleOf.keys()]
      .filter((i) => result.possibleOf[i] >= 0 && result.clusterOf[result.possibleOf[i]] !== 0)
      .map((i) => [items[i].id, items[result.possibleOf[i]].id]);
    expect(listed.sort()).toEqual(expected.sort());
    expect(data.options).toMatchObject({
      decision: 'model',
      cutoff: expect.any(Number),
      possibleCutoff: expect.any(Number),
    });
    for (const c of data.clusters)
      for (const p of c.possible)
        expect(p.evidence).toMatchObject({ kind: 'model', probability: expect.any(Number) });
  });
});

describe('possible duplicates in the CLI outputs', () => {
  it('--annotate adds possible_of and probability; --clusters lists them apart from members', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neardup-possible-'));
    const cli = join(ROOT, 'dist', 'src', 'cli', 'main.js');
    const input = join(ROOT, 'data', 'headlines_dated.jsonl');
    execFileSync(process.execPath, [
      cli,
      'dedup',
      input,
      '--annotate',
      join(dir, 'a.jsonl'),
      '--clusters',
      join(dir, 'c.jsonl'),
    ]);
    const annotated = readFileSync(join(dir, 'a.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const flagged = annotated.filter((r) => r.possible_of !== null);
    expect(flagged.length).toBe(result.counts.possible);
    for (const r of flagged) {
      expect(r.duplicate_of).toBeNull();
      expect(typeof r.probability).toBe('number');
    }
    const clusters = readFileSync(join(dir, 'c.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { canonical: string; members: { id: string }[]; possible?: { id: string }[] },
      );
    for (const c of clusters) {
      for (const p of c.possible ?? []) {
        expect(c.members.map((m) => m.id)).not.toContain(p.id);
        expect(flagged.find((r) => r.id === p.id)?.possible_of).toBe(c.canonical);
      }
    }
  });
});
