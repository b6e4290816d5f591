/**
 * The cluster table against clusters built the obvious way: members found by scanning every
 * item's canonical, scored with the library's one-off shingler and Jaccard, sorted by comparator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dedup, resolveOptions, type Cluster, type DedupResult } from '../src/index.js';
import { jaccardSorted, shingleHashes } from '../src/sketch.js';
import { shingleParams } from '../src/options/options.js';
import { clusterLine, tableClusterLine } from '../src/write/write-outputs.js';
import { haveSharedData, headlineSlice } from './helpers/shared-data.js';

/** Clusters from `canonicalOf` alone, by brute force (no table, no radix sort). */
function obviousClusters(
  r: DedupResult,
  texts: readonly string[],
  ids: readonly string[],
  reason: (canonical: number) => string,
): Cluster[] {
  const params = shingleParams(resolveOptions());
  const shingles = texts.map((t) => shingleHashes(t, params));
  const byCanonical = new Map<number, number[]>();
  r.canonicalOf.forEach((c, i) => byCanonical.set(c, [...(byCanonical.get(c) ?? []), i]));
  const round4 = (x: number) => Math.round(x * 10000) / 10000;
  return [...byCanonical]
    .filter(([, members]) => members.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([canonical, members], k) => {
      const scored = members.map((i) => ({
        id: ids[i],
        index: i,
        similarity: i === canonical ? 1 : round4(jaccardSorted(shingles[i], shingles[canonical])),
      }));
      scored.sort((a, b) =>
        a.index === canonical
          ? -1
          : b.index === canonical
            ? 1
            : b.similarity - a.similarity || a.index - b.index,
      );
      return {
        cluster: k + 1,
        size: members.length,
        canonical: ids[canonical],
        reason: reason(canonical),
        members: scored,
      } as Cluster;
    });
}

describe.runIf(haveSharedData())('cluster table on real headlines', () => {
  let items: { id: string; text: string; date?: string }[];
  let texts: string[];
  let ids: string[];
  beforeAll(() => {
    const sample = headlineSlice('weibo-', 4000, 250_000);
    items = sample.map((h) => ({ id: h.id, text: h.title, date: h.date }));
    texts = sample.map((h) => h.title);
    ids = sample.map((h) => h.id);
  });

  for (const policy of ['first', 'longest', 'earliest'] as const) {
    it(`${policy}: equals the clusters built from canonicalOf by brute force`, async () => {
      const r = await dedup(items, { canonical: policy });
      expect(r.table.count).toBeGreaterThan(50);
      expect(r.clusters).toEqual(obviousClusters(r, texts, ids, () => policy));
      for (let k = 0; k < r.table.count; k++)
        expect(r.clusterOf[r.table.members[r.table.starts[k]]]).toBe(k + 1);
    });
  }

  it('largest(n) is the n largest, ties in cluster order, for a few and for many', async () => {
    const r = await dedup(items);
    const all = [...r.clusters]
      .sort((a, b) => b.size - a.size || a.cluster - b.cluster)
      .map((c) => c.cluster - 1);
    for (const n of [0, 1, 3, 64, 65, 500, r.table.count + 5])
      expect(r.table.largest(n)).toEqual(all.slice(0, n));
  });

  it('each clusters-file line is the JSON of the cluster object', async () => {
    const r = await dedup(items);
    for (let k = 0; k < r.table.count; k++)
      expect(tableClusterLine(r.table, k)).toBe(clusterLine(r.clusters[k]));
  });
});

describe('cluster table with body containment', () => {
  const base =
    '记者从气象台获悉，今天下午到夜间，本市大部分地区将出现暴雨，局地大暴雨，并伴有雷电和短时大风。请市民注意防范，尽量减少外出，注意交通安全。';
  const items = [
    {
      id: 'x"1',
      text: '转载：暴雨来袭',
      body: base + '编者按：本文转载自某报，有删节。另外，明天气温将下降五度左右，早晚温差较大。',
    },
    { id: 'a', text: '某地发布暴雨预警', body: base },
    {
      id: 'c',
      text: '无关新闻',
      body: '今年的足球联赛即将开幕，各支球队都在积极备战，球迷们期待着一场场精彩的比赛。',
    },
    { id: 'b', text: '暴雨预警', body: base + '（完）' },
  ];
  it('writes containment in the clusters line as the object has it, and escapes ids', async () => {
    const r = await dedup(items, { match: 'body', containment: true });
    expect(r.table.count).toBe(1);
    const c = r.clusters[0];
    expect(c.members.map((m) => [m.id, m.containment])).toEqual([
      ['x"1', 1],
      ['a', 1],
      ['b', 0.9828],
    ]);
    expect(tableClusterLine(r.table, 0)).toBe(clusterLine(c));
    expect(JSON.parse(tableClusterLine(r.table, 0)).members[0].id).toBe('x"1');
  });
});
