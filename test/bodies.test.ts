/**
 * Article bodies: one-permutation signatures against exact Jaccard and against classic
 * signatures, body dedup against the exact all-pairs oracle on real articles, and
 * Traditional/Simplified copies found only with script folding on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { dedup } from '../src/index.js';
import { allPairs } from '../src/link/all-pairs.js';
import { fmix32 } from '../src/sketch/hash.js';
import { jaccardSorted } from '../src/sketch/jaccard.js';
import { estimateJaccard, makePermutations, signature } from '../src/sketch/minhash.js';
import { ophSignatureInto } from '../src/sketch/oph.js';
import { bodyShingles } from '../src/text/body-shingle.js';
import { haveSharedData, SHARED_DATA } from './helpers/shared-data.js';
import { gunzipSync } from 'node:zlib';

function oph(set: Uint32Array, k = 128, seed = 1): Uint32Array {
  const out = new Uint32Array(k);
  ophSignatureInto(set, 0, set.length, k, seed, out, 0);
  return out;
}

/** Two sets of hashed shingles with a chosen overlap, like long bodies. */
function pair(shared: number, onlyA: number, onlyB: number, salt: number) {
  let x = salt;
  const next = () => fmix32(++x);
  const common = Array.from({ length: shared }, next);
  const a = Uint32Array.from(new Set([...common, ...Array.from({ length: onlyA }, next)])).sort();
  const b = Uint32Array.from(new Set([...common, ...Array.from({ length: onlyB }, next)])).sort();
  return { a, b, j: jaccardSorted(a, b) };
}

describe('one-permutation hashing with densification', () => {
  it('property: estimates exact Jaccard within 4 standard errors, for short and long sets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 1e6 }),
        (s, oa, ob, salt) => {
          const { a, b, j } = pair(s, oa, ob, salt * 10_000);
          const est = estimateJaccard(oph(a), oph(b));
          expect(Math.abs(est - j)).toBeLessThanOrEqual(4 * Math.sqrt((j * (1 - j)) / 128) + 3 / 128);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('estimates as well as 128 classic permutations (mean absolute error over 300 pairs)', () => {
    const perms = makePermutations(128, 1);
    let errOph = 0;
    let errClassic = 0;
    for (let k = 0; k < 300; k++) {
      const { a, b, j } = pair(400 + (k % 7) * 100, 50 + k, 300 - k / 2, k * 7919);
      errOph += Math.abs(estimateJaccard(oph(a, 128, k + 1), oph(b, 128, k + 1)) - j);
      errClassic += Math.abs(
        estimateJaccard(
          signature(a, makePermutations(128, k + 1)),
          signature(b, makePermutations(128, k + 1)),
        ) - j,
      );
    }
    expect(errOph / 300).toBeLessThan(0.04);
    expect(errOph / 300).toBeLessThan((errClassic / 300) * 1.5);
    expect(perms.a.length).toBe(128);
  });

  it('is deterministic and fills every bin of a non-empty set', () => {
    const { a } = pair(5, 0, 0, 42);
    const s = oph(a);
    expect([...s]).toEqual([...oph(a)]);
    expect(s.every((v) => v !== 0xffffffff)).toBe(true);
    expect(oph(new Uint32Array(0)).every((v) => v === 0xffffffff)).toBe(true);
    expect(() => oph(a, 100)).toThrow('power of two');
  });
});

describe('containment', () => {
  const base =
    '记者从气象台获悉，今天下午到夜间，本市大部分地区将出现暴雨，局地大暴雨，并伴有雷电和短时大风。请市民注意防范，尽量减少外出，注意交通安全。';
  const items = [
    { id: 'a', text: '某地发布暴雨预警', body: base },
    {
      id: 'b',
      text: '转载：暴雨来袭',
      body:
        base +
        '编者按：本文转载自某报，有删节。另外，明天气温将下降五度左右，早晚温差较大，请注意添衣保暖，谨防感冒。',
    },
    {
      id: 'c',
      text: '无关新闻',
      body: '今年的足球联赛即将开幕，各支球队都在积极备战，球迷们期待着一场场精彩的比赛。',
    },
  ];
  it('finds an article reprinted inside a longer one only with containment on, and reports its score', async () => {
    expect((await dedup(items, { match: 'body' })).clusters).toEqual([]);
    const r = await dedup(items, { match: 'body', containment: true });
    expect(r.clusters).toHaveLength(1);
    expect(r.clusters[0].members.map((m) => [m.id, m.containment])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(r.clusters[0].members[1].similarity).toBeLessThan(0.8);
  });
  it('needs a body field for body matching (CLI) and validates the options', async () => {
    await expect(dedup(items, { match: 'headline' as never })).rejects.toThrow(
      'options.match must be one of title, body, either, both',
    );
    await expect(dedup(items, { match: 'body', perms: 100 })).rejects.toThrow('must be a power of two');
  });
});

describe.runIf(haveSharedData())('body dedup on real articles', () => {
  let all: { id: string; title: string; body: string }[];
  beforeAll(() => {
    all = gunzipSync(readFileSync(join(SHARED_DATA, 'articles_zh.jsonl.gz')))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; title: string; body: string });
  });

  it('clusters equal the connected components of the exact all-pairs join (Jaccard ≥ 0.8)', async () => {
    const sample = all.slice(0, 4000);
    const sets = sample.map((a) => bodyShingles(a.body, { ngram: 5, foldScript: false, seed: 1 }));
    const offsets = new Uint32Array(sets.length + 1);
    sets.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.length));
    const values = new Uint32Array(offsets[sets.length]);
    sets.forEach((s, i) => values.set(s, offsets[i]));
    const exact = allPairs({ offsets, values }, 0.8);
    expect(exact.length).toBeGreaterThan(50);
    const r = await dedup(
      sample.map((a) => ({ id: a.id, text: a.title, body: a.body })),
      { match: 'body', bodyThreshold: 0.8, foldScript: false, linkage: 'components' },
      { threads: 2 },
    );
    for (const p of exact) expect(r.clusterOf[p.a]).toBe(r.clusterOf[p.b]);
    // Every reported cluster is connected by verified pairs: its members are all in one oracle component.
    const comp = Int32Array.from({ length: sample.length }, (_, i) => i);
    const find = (x: number): number => (comp[x] === x ? x : (comp[x] = find(comp[x])));
    for (const p of exact) comp[find(p.a)] = find(p.b);
    for (const c of r.clusters) expect(new Set(c.members.map((m) => find(m.index))).size).toBe(1);
  });

  it('with --match either, title duplicates and body duplicates both count; with both, only pairs that are both', async () => {
    const sample = all.slice(0, 3000).map((a) => ({ id: a.id, text: a.title, body: a.body }));
    const title = await dedup(sample, { match: 'title' });
    const body = await dedup(sample, { match: 'body' });
    const either = await dedup(sample, { match: 'either' });
    const both = await dedup(sample, { match: 'both' });
    expect(either.counts.duplicates).toBeGreaterThanOrEqual(
      Math.max(title.counts.duplicates, body.counts.duplicates),
    );
    expect(both.counts.duplicates).toBeLessThanOrEqual(
      Math.min(title.counts.duplicates, body.counts.duplicates),
    );
    expect(body.counts.duplicates).toBeGreaterThan(0);
  });

  it('finds a Traditional article and its Simplified copy only with script folding on', async () => {
    const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const hant = readFileSync(join(SHARED_DATA, 'articles_zh_hant.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; title: string; body: string });
    const items = [
      ...hant.map((a) => ({ id: a.id, text: a.title, body: a.body })),
      // Generated copies: the same article converted to Simplified (phrase-level OpenCC), marked as such.
      ...hant.map((a) => ({
        id: `${a.id}:generated-simplified`,
        text: toSimplified(a.title),
        body: toSimplified(a.body),
      })),
    ];
    const paired = (r: Awaited<ReturnType<typeof dedup>>) =>
      hant.filter((_, k) => r.clusterOf[k] !== 0 && r.clusterOf[k] === r.clusterOf[k + hant.length]).length;
    const folded = await dedup(items, { match: 'body' });
    const unfolded = await dedup(items, { match: 'body', foldScript: false });
    expect(paired(folded) / hant.length).toBeGreaterThan(0.97);
    expect(paired(unfolded) / hant.length).toBeLessThan(0.5);
  });
});
