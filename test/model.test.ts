/**
 * The learned decision: each rule's README example makes its feature fire, the document-frequency
 * table reads back what was written and weighs common text less, fitting is deterministic, the
 * bundled weights are what `npm run train` writes, and the seed pairs still cluster.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, dedup, explain, NearDupIndex, resolveOptions, type DedupItem } from '../src/index.js';
import { shingleParams } from '../src/options/options.js';
import { Shingler } from '../src/text/shingle.js';
import {
  bundledStats,
  decodeDfTable,
  encodeDfTable,
  TableStats,
  type DfTable,
} from '../src/verify/corpus-stats.js';
import { FEATURE_COUNT, FEATURE_INDEX } from '../src/verify/features.js';
import { bundledModel, fitLogistic } from '../src/verify/model.js';
import { featuresOf } from './helpers/pair-features.js';
import { haveSharedData, ROOT } from './helpers/shared-data.js';

const o = resolveOptions();
const stats = bundledStats(shingleParams(o));

/** All features of a pair, whatever its similarity. */
const features = featuresOf;

/** The README's example pair of each rule, and the feature it makes fire. */
const EXAMPLES: { feature: string; a: string; b: string; dateA?: string; dateB?: string }[] = [
  {
    feature: 'dailyReports',
    a: '河北新增14例本土确诊病例',
    b: '河北新增14例本土确诊',
    dateA: '2021-01-05',
    dateB: '2021-01-05T20:00:00Z',
  },
  {
    feature: 'numbersChanged',
    a: '习近平出席亚太经合组织第三十次领导人非正式会议',
    b: '习近平出席亚太经合组织第三十二次领导人非正式会议',
  },
  { feature: 'numbersChanged', a: '解放军军机1小时4次进台西南空域', b: '解放军军机两度进台西南空域' },
  { feature: 'numberAdded', a: '新闻联播播出', b: '新闻联播播出第三集' },
  {
    feature: 'substitution',
    a: '上海师范大学2019年硕士研究生招生简章',
    b: '湖北师范大学2019年硕士研究生招生简章',
  },
  { feature: 'negation', a: '快乐大本营直播', b: '快乐大本营直播没播' },
  { feature: 'negation', a: '特朗普宣布美国退出伊核协议', b: '特朗普宣布美国为何退出伊核协议' },
  {
    feature: 'stage',
    a: '十四届全国人大常委会第十次会议在京举行',
    b: '十四届全国人大常委会第十次会议在京闭幕',
  },
  { feature: 'extension', a: '星光大赏', b: '星光大赏 单独宣' },
  { feature: 'extension', a: 'CBA季后赛对阵', b: 'CBA季后赛8进4对阵' },
  { feature: 'onlyEdits', a: '台湾新增472例本土病例 累计破万例', b: '台湾新增472例本土确诊病例' },
  { feature: 'dateGap', a: '某地举办龙舟赛', b: '某地举办龙舟赛', dateA: '2021-01-01', dateB: '2021-01-05' },
];

describe('each rule’s example pair makes its feature fire, both ways round', () => {
  for (const e of EXAMPLES) {
    it(`${e.feature}: ${e.a} / ${e.b}`, () => {
      const ab = features(e.a, e.b, e.dateA, e.dateB);
      expect(ab[e.feature]).toBeGreaterThan(0);
      expect(features(e.b, e.a, e.dateB, e.dateA)).toEqual(ab);
    });
  }

  it('the stage rule on a reorder with the word on both sides is stageBoth, not stage', () => {
    const f = features('无忧传媒回应与王暖暖解约', '王暖暖回应与无忧传媒解约');
    expect(f).toMatchObject({ stage: 0, stageBoth: 1 });
  });

  it('a frame common in the corpus counts for less than the slot: IDF Jaccard below plain', () => {
    const f = features('上海师范大学2019年硕士研究生招生简章', '湖北师范大学2019年硕士研究生招生简章');
    expect(f.commonShared).toBeGreaterThan(0.2);
    const plain = features(
      '客家阿婆手作芋丝酥在TikTok上点击量破千万',
      '客家阿婆手作芋丝酥在TikTok上点击量破千万了',
    );
    expect(plain.idfJaccard).toBeGreaterThan(0.8);
  });

  it('sharedRarest: two fillers of a common frame share only the frame; two reports of one event share its name', () => {
    const frame = features('实用口语：“失言”英语怎么说？', '实用口语：“懒虫”英语怎么说？');
    const event = features('黄峥辞任董事长 拼多多股价大跌', '黄峥辞任拼多多董事长');
    expect(frame.sharedRarest).toBeGreaterThan(0);
    expect(event.sharedRarest).toBeGreaterThan(frame.sharedRarest + 0.1);
    expect(event.sharedRarest).toBeLessThanOrEqual(1);
  });
});

describe('the model decision', () => {
  const model = bundledModel()!;

  it('is bundled, and every veto feature it keeps weighs against a duplicate', () => {
    expect(model).not.toBeNull();
    const w = model.weights;
    for (const name of [
      'numberAdded',
      'substitution',
      'stage',
      'dateGap',
      'facetAdded',
      'responseAdded',
      'personAdded',
      'tailOnShort',
    ]) {
      expect(w.weights[w.features.indexOf(name)], name).toBeLessThan(0);
    }
    // Words that only greet or give the item's status weigh toward a duplicate.
    expect(w.weights[w.features.indexOf('greetingOnly')]).toBeGreaterThan(0);
    // Overlap, plain and IDF-weighted together (they move together), weighs toward a duplicate.
    expect(model.weightOf('jaccard') + model.weightOf('idfJaccard')).toBeGreaterThan(0);
  });

  it('probability rises with the overlap (plain and IDF-weighted) and falls when a veto fires', () => {
    const x = new Float64Array(FEATURE_COUNT);
    x[FEATURE_INDEX.get('lengthRatio')!] = 0.9;
    let last = -1;
    for (const v of [0.5, 0.6, 0.7, 0.8, 0.9, 1]) {
      x[FEATURE_INDEX.get('jaccard')!] = v;
      x[FEATURE_INDEX.get('idfJaccard')!] = v;
      const p = model.probability(x);
      expect(p).toBeGreaterThan(last);
      last = p;
    }
    const vetoed = Float64Array.from(x);
    vetoed[FEATURE_INDEX.get('substitution')!] = 1;
    expect(model.probability(vetoed)).toBeLessThan(model.probability(x));
    // A changed number stays an absolute veto (the folds found it no worse, see bench/lib/model-config.ts).
    const changed = Float64Array.from(x);
    changed[FEATURE_INDEX.get('numbersChanged')!] = 1;
    expect(model.veto(changed)).toBe('numbersChanged');
  });

  it('decides the README examples as the guide labels them, and names the evidence', () => {
    const m = { decision: 'model' as const };
    expect(
      compare('上海师范大学2019年硕士研究生招生简章', '湖北师范大学2019年硕士研究生招生简章', m),
    ).toMatchObject({ duplicate: false, rule: 'substitution' });
    expect(
      compare(
        '习近平出席亚太经合组织第三十次领导人非正式会议',
        '习近平出席亚太经合组织第三十二次领导人非正式会议',
        m,
      ),
    ).toMatchObject({ duplicate: false, rule: 'numbers', probability: 0 });
    expect(
      compare('南非大选初步计票结果显示非国大获胜', '南非大选初步计票结果显示非国大获胜组图', m).duplicate,
    ).toBe(true);
    const d = compare('全球日增确诊超47万例', '全球日增确诊超47万例', m);
    expect(d.probability).toBeGreaterThan(0.9);
    // The date window stays an absolute veto.
    expect(
      compare(
        { text: '全球日增确诊超47万例', date: '2021-03-11' },
        { text: '全球日增确诊超47万例', date: '2021-04-06' },
        m,
      ),
    ).toMatchObject({ duplicate: false, rule: 'date-gap', probability: 0 });
  });

  it('the cut-off is an option: a pair flips where its probability lies', () => {
    const a = '客家阿婆手作芋丝酥在TikTok上点击量破千万,传统美食魅力不减';
    const b = '客家阿婆手作芋丝酥在TikTok上点击量破千万,传统美食的“新潮流”之旅';
    const p = compare(a, b, { decision: 'model' }).probability!;
    expect(compare(a, b, { decision: 'model', cutoff: Math.min(0.999, p + 1e-6) }).duplicate).toBe(false);
    expect(compare(a, b, { decision: 'model', cutoff: Math.max(0.001, p - 1e-6) }).duplicate).toBe(true);
    // Above the threshold, no rule vetoing: short of the cut-off is the probability's doing, and the
    // decision says so rather than blame the threshold.
    const short = compare(a, b, { decision: 'model', cutoff: Math.min(0.999, p + 1e-6) });
    expect(short.similarity).toBeGreaterThan(0.5);
    expect(short.rule).toBe('probability');
    expect(() => resolveOptions({ cutoff: 1.5 })).toThrow(
      /options.cutoff must be a probability in \(0, 1\); got 1.5/,
    );
    expect(() => resolveOptions({ decision: 'vote' as never })).toThrow(
      /options.decision must be one of rules, model/,
    );
  });

  it('explain lists each feature with its contribution, the probability and the cut-off', () => {
    const e = explain('上海师范大学2019年硕士研究生招生简章', '湖北师范大学2019年硕士研究生招生简章', {
      decision: 'model',
    });
    expect(e.model!.features.map((f) => f.name).sort()).toEqual([...model.weights.features].sort());
    const logit = e.model!.bias + e.model!.features.reduce((s, f) => s + f.contribution, 0);
    expect(1 / (1 + Math.exp(-logit))).toBeCloseTo(e.model!.probability, 9);
    expect(e.model!.cutoff).toBe(model.weights.cutoff);
    // Of the evidence against a duplicate, the entity swapped weighs most.
    expect(e.decision.duplicate).toBe(false);
    expect(e.model!.features.find((f) => f.contribution < 0)!.name).toBe('substitution');
  });

  it('the seed pairs still cluster, and nothing else', async () => {
    const lines = readFileSync(join(ROOT, 'data', 'seed_headlines.txt'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const items: DedupItem[] = lines.map((text, i) => ({ id: String(i + 1), text }));
    const r = await dedup(items, { decision: 'model' });
    const texts = r.clusters.map((c) => c.members.map((m) => lines[Number(m.id) - 1]));
    expect(r.counts).toMatchObject({ clusters: 2, duplicates: 2 });
    expect(texts[0].every((t) => t.includes('芋丝酥'))).toBe(true);
    expect(texts[1].every((t) => t.includes('院士') && t.includes('奖学金'))).toBe(true);
  });

  it('the online index decides with the model and counts what it adds', async () => {
    const index = new NearDupIndex({ decision: 'model' });
    expect(await index.check({ id: 'a', text: '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才' })).toEqual(
      { duplicate: false },
    );
    expect(
      await index.check({ id: 'b', text: '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子腾飞' }),
    ).toMatchObject({ duplicate: true, of: 'a' });
    expect(await index.check({ id: 'c', text: '上海师范大学2019年硕士研究生招生简章' })).toEqual({
      duplicate: false,
    });
    expect(await index.check({ id: 'd', text: '湖北师范大学2019年硕士研究生招生简章' })).toEqual({
      duplicate: false,
    });
  });
});

describe('corpus statistics', () => {
  const table: DfTable = {
    params: { ngram: 2, seed: 1, foldScript: true, stripTags: true },
    docs: 1000,
    minDf: 4,
    shingleKeys: Uint32Array.of(0, 7, 99, 4_000_000_000),
    shingleLogDf: Uint8Array.of(10, 100, 22, 80),
    tokenKeys: Uint32Array.of(0x4e00),
    tokenLogDf: Uint8Array.of(50),
  };

  it('a table reads back as written', () => {
    expect(decodeDfTable(encodeDfTable(table))).toEqual(table);
    expect(() => decodeDfTable(new Uint8Array(40))).toThrow(/bad magic/);
  });

  it('common shingles weigh less than rare ones, unseen ones most; observed items count', () => {
    const s = new TableStats(table);
    expect(s.idf(7)).toBeLessThan(s.idf(4_000_000_000));
    expect(s.idf(4_000_000_000)).toBeLessThan(s.idf(12345));
    expect(s.idf(0)).toBeGreaterThan(s.idf(7));
    const before = s.idf(12345);
    s.observe(Uint32Array.of(12345), 0, 1, Uint32Array.of(1), 0, 1);
    s.observe(Uint32Array.of(12345), 0, 1, Uint32Array.of(1), 0, 1);
    expect(s.idf(12345)).toBeLessThan(before);
    expect(s.docs).toBe(1002);
  });

  it('the bundled table knows the corpus: 招生 is common, 芋丝 is rare', () => {
    const sh = new Shingler(shingleParams(o));
    const idfOf = (text: string) => (sh.shingle(text), stats.idf(sh.hashes[0]));
    expect(idfOf('招生')).toBeLessThan(idfOf('芋丝') - 2);
  });
});

describe('training', () => {
  it('fitting is deterministic: the same rows give the same weights', () => {
    const rows = EXAMPLES.map((e) => [
      features(e.a, e.b).jaccard,
      features(e.a, e.b).idfJaccard,
      features(e.a, e.b).numbersChanged,
    ]);
    const labels = EXAMPLES.map((e) => e.feature === 'onlyEdits' || e.feature === 'dateGap');
    const names = ['jaccard', 'idfJaccard', 'numbersChanged'];
    expect(JSON.stringify(fitLogistic(rows, labels, names, { lambda: 1 }))).toBe(
      JSON.stringify(fitLogistic(rows, labels, names, { lambda: 1 })),
    );
  });

  it.skipIf(!haveSharedData())(
    'npm run train writes the bundled weights, byte for byte, twice',
    { timeout: 600_000 },
    async () => {
      const { trainWeights } = await import('../bench/train.js');
      const { scoreGold } = await import('../bench/lib/gold.js');
      const { loadAudit, loadSlices } = await import('../bench/lib/audit.js');
      const pairs = scoreGold();
      const corpus = { rows: loadAudit(), slices: loadSlices() };
      const first = await trainWeights(pairs, corpus);
      expect(await trainWeights(pairs, corpus)).toBe(first);
      expect(first).toBe(readFileSync(join(ROOT, 'data', 'model-weights.json'), 'utf8'));
    },
  );
});
