import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NearDupIndex, loadSnapshot, saveSnapshot, resolveOptions } from '../src/index.js';
import { ruleOptions } from '../src/options/options.js';
import { decide } from '../src/verify/decide.js';
import { FeatureMaker, storedView } from '../src/online/item-features.js';
import { parseDate } from '../src/read/dates.js';
import { crc32 } from '../src/online/crc32.js';
import { TEXT_VERSION } from '../src/text/normalize.js';
import { haveSharedData, headlineSlice } from './helpers/shared-data.js';
import { replayAgainstBatch } from './helpers/star-oracle.js';
import { indexStats } from './helpers/oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-index-'));

describe('NearDupIndex', () => {
  it('check, query, remove', async () => {
    // The rules: a replaced word (成才 / 腾飞) keeps a out of a query at 0.99, where the learned
    // decision may admit a rephrased pair from 0.8 × the threshold.
    const index = new NearDupIndex({ decision: 'rules' });
    expect(await index.check({ id: 'a', text: '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才' })).toEqual(
      { duplicate: false },
    );
    expect(
      await index.check({ id: 'b', text: '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子腾飞' }),
    ).toMatchObject({ duplicate: true, of: 'a' });
    // Duplicates are not added: the index holds the kept item a only, and c's `of` is a (not b).
    expect(await index.size()).toBe(1);
    expect(
      await index.check({ id: 'c', text: '梅州籍院士心系桑梓，返乡设立奖学金助力家乡学子腾飞！' }),
    ).toMatchObject({ duplicate: true, of: 'a' });
    expect(await index.size()).toBe(1);
    // add files an item whatever it duplicates.
    await index.add({ id: 'b', text: '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子腾飞' });
    await index.add({ id: 'c', text: '梅州籍院士心系桑梓，返乡设立奖学金助力家乡学子腾飞！' });
    expect(await index.check({ id: 'd', text: '上海师范大学2019年硕士研究生招生简章' })).toEqual({
      duplicate: false,
    });
    expect(await index.check({ id: 'e', text: '湖北师范大学2019年硕士研究生招生简章' })).toEqual({
      duplicate: false,
    });
    expect(await index.size()).toBe(5);
    const hits = await index.query('梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子腾飞');
    expect(hits.map((h) => h.id)).toEqual(['b', 'c', 'a']);
    expect(hits[0].similarity).toBe(1);
    expect(
      await index.query('梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子腾飞', { threshold: 0.99 }),
    ).toHaveLength(2);
    expect(await index.query('梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子腾飞', { limit: 1 })).toHaveLength(
      1,
    );
    await expect(index.query('x', { threshold: 0.3 })).rejects.toThrow(
      'query threshold must be from the index threshold (0.5) to 1',
    );
    expect(await index.remove('b')).toBe(true);
    expect(await index.remove('b')).toBe(false);
    expect((await index.query('梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子腾飞')).map((h) => h.id)).toEqual(
      ['c', 'a'],
    );
  });

  it('evicts items older than the window, by their dates', async () => {
    const index = new NearDupIndex({ window: '48h' });
    await index.add({ id: 'old', text: '南非大选初步计票结果显示非国大获胜', date: '2019-05-01' });
    await index.add({ id: 'new', text: '国足晋级世界杯决赛圈', date: '2019-05-04' });
    expect(await index.size()).toBe(1);
    expect(
      await index.check({ id: 'x', text: '南非大选初步计票结果显示非国大获胜组图', date: '2019-05-04' }),
    ).toEqual({ duplicate: false });
    expect(await index.check({ id: 'y', text: '国足晋级世界杯决赛圈!', date: '2019-05-05' })).toMatchObject({
      duplicate: true,
      of: 'new',
    });
    // y is a duplicate, so it was not added: new and x are evicted.
    expect(await index.evict(Date.parse('2019-05-10'))).toBe(2);
    expect(await index.size()).toBe(0);
    expect(() => new NearDupIndex({ window: '2 weeks' })).toThrow('window must be a duration such as 48h');
  });

  it('snapshots round-trip; corrupt, truncated or mismatched ones are refused', async () => {
    const index = new NearDupIndex({ window: '7d' });
    const texts = [
      '客家阿婆手作芋丝酥在TikTok上点击量破千万',
      '梅州国际山地马拉松赛盛大启幕',
      '大埔县茶叶出口额实现跨越式增长',
    ];
    for (const [k, text] of texts.entries())
      await index.add({ id: `t${k}`, text, date: '2024-01-0' + (k + 1) });
    const file = join(dir, 'a.ndix');
    await saveSnapshot(index, file);
    const loaded = await loadSnapshot(file);
    expect(await loaded.size()).toBe(3);
    expect(loaded.windowMs).toBe(7 * 86_400_000);
    expect(
      await loaded.query({ text: '客家阿婆手作芋丝酥在TikTok上点击量破千万!', date: '2024-01-02' }),
    ).toEqual([{ id: 't0', similarity: 1 }]);
    const bytes = readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length >> 1] ^= 0x40;
    writeFileSync(join(dir, 'flip.ndix'), flipped);
    await expect(loadSnapshot(join(dir, 'flip.ndix'))).rejects.toThrow(
      'is corrupt or not a neardup index (checksum mismatch)',
    );
    writeFileSync(join(dir, 'short.ndix'), bytes.subarray(0, 40));
    await expect(loadSnapshot(join(dir, 'short.ndix'))).rejects.toThrow('is corrupt');
    writeFileSync(join(dir, 'text.ndix'), 'not an index at all');
    await expect(loadSnapshot(join(dir, 'text.ndix'))).rejects.toThrow('wrong magic bytes');
    await expect(loadSnapshot(file, { threshold: 0.7 })).rejects.toThrow(
      'was built with threshold = 0.5, not 0.7',
    );
    await expect(loadSnapshot(file, { seed: 2 })).rejects.toThrow('was built with seed = 1, not 2');
    // A snapshot from before the text version was recorded (its items shingled 什么 as 什幺) is
    // refused: its items would not meet new ones.
    const headerLength = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8'));
    expect(header.params.text).toBe(TEXT_VERSION);
    delete header.params.text;
    const oldHeader = Buffer.from(JSON.stringify(header));
    const body = Buffer.concat([
      bytes.subarray(0, 8),
      Buffer.from(Uint32Array.of(oldHeader.length).buffer),
      oldHeader,
      bytes.subarray(12 + headerLength, bytes.length - 4),
    ]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32LE(crc32(body));
    writeFileSync(join(dir, 'old.ndix'), Buffer.concat([body, crc]));
    await expect(loadSnapshot(join(dir, 'old.ndix'))).rejects.toThrow(
      'normalised text in its first way (什么 read as 什幺)',
    );
  });
});

describe.runIf(haveSharedData())('NearDupIndex against oracles on real headlines', () => {
  it('query returns exactly what a brute-force scan with the same decision returns', async () => {
    const sample = headlineSlice('weibo-', 3000, 500_000);
    const index = new NearDupIndex();
    for (const h of sample) await index.add({ id: h.id, text: h.title, date: h.date });
    const o = resolveOptions();
    const rules = ruleOptions(o);
    const f = new FeatureMaker(o);
    const stored = sample.map((h) => ({ ...f.features(h.title), date: parseDate(h.date), id: h.id }));
    // The learned decision weighs shared text by the index's counts: the table and its arrivals.
    const stats = indexStats(sample.map((h) => ({ text: h.title })));
    let nonEmpty = 0;
    for (const q of sample.filter((_, k) => k % 15 === 0)) {
      const probe = { ...f.features(q.title), date: parseDate(q.date) };
      const expected = stored
        .map((s) => ({ id: s.id, d: decide(storedView(probe), storedView(s), rules, undefined, stats) }))
        .filter((x) => x.d.duplicate)
        .map((x) => x.id)
        .sort();
      const got = (await index.query({ text: q.title, date: q.date }, { limit: 10_000 }))
        .map((h) => h.id)
        .sort();
      expect(got).toEqual(expected);
      if (expected.length > 1) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('checking a corpus in order flags exactly the items batch dedup removes, each with of = its batch canonical', async () => {
    const items = headlineSlice('weibo-', 20_000, 300_000).map((h) => ({
      id: h.id,
      text: h.title,
      date: h.date,
    }));
    const { flagged, differences } = await replayAgainstBatch(items, { decision: 'rules' });
    expect(differences.slice(0, 5)).toEqual([]);
    expect(flagged).toBeGreaterThan(1000);
  });
});

describe('NearDupIndex with bodies', () => {
  const base =
    '记者从气象台获悉，今天下午到夜间，本市大部分地区将出现暴雨，局地大暴雨，并伴有雷电和短时大风。请市民注意防范，尽量减少外出，注意交通安全。';
  it('matches a republished body under a new headline (match body), and snapshots keep bodies', async () => {
    const index = new NearDupIndex({ match: 'body' });
    expect(await index.check({ id: 'a', text: '某地发布暴雨预警', body: base })).toEqual({
      duplicate: false,
    });
    expect(
      await index.check({ id: 'b', text: '今夜有暴雨 出门注意安全', body: base + '（完）' }),
    ).toMatchObject({ duplicate: true, of: 'a' });
    expect(
      await index.check({
        id: 'c',
        text: '某地发布暴雨预警',
        body: '今年的足球联赛即将开幕，各支球队都在积极备战，球迷们期待着一场场精彩的比赛。',
      }),
    ).toEqual({ duplicate: false });
    const file = join(dir, 'bodies.ndix');
    await saveSnapshot(index, file);
    const loaded = await loadSnapshot(file);
    expect(loaded.options.match).toBe('body');
    // b was a duplicate of a, so check did not add it: the snapshot holds the kept a and c.
    expect(await loaded.query({ text: '完全不同的标题', body: base })).toEqual([{ id: 'a', similarity: 1 }]);
    expect(await loaded.size()).toBe(2);
  });

  it('with match either, a title match or a body match counts', async () => {
    const index = new NearDupIndex({ match: 'either' });
    await index.add({ id: 'a', text: '某地发布暴雨预警', body: base });
    expect(
      await index.check({
        id: 't',
        text: '某地发布暴雨预警！',
        body: '另一篇完全不同的正文内容，讲的是别的事情，和暴雨没有关系。',
      }),
    ).toMatchObject({ duplicate: true, of: 'a' });
    expect(await index.check({ id: 'b', text: '全新的标题', body: base })).toMatchObject({
      duplicate: true,
      of: 'a',
    });
  });
});

describe('NearDupIndex bucket fan-out cap (maxBucket)', () => {
  // Twenty template headlines that share most band keys: one bucket of 20 for every query like them.
  const CITIES =
    '北京 上海 广州 深圳 杭州 南京 武汉 成都 重庆 西安 天津 苏州 长沙 郑州 济南 青岛 沈阳 大连 厦门 福州';
  const template = (c: string) => `${c}市气象台发布暴雨蓝色预警信号请市民注意防范`;
  async function filled(options: { maxBucket?: number }) {
    const index = new NearDupIndex(options);
    for (const [i, c] of CITIES.split(' ').entries()) await index.add({ id: String(i), text: template(c) });
    return index;
  }

  it('verifies only the maxBucket candidates sharing the most bands, says capped and counts it', async () => {
    const uncapped = await filled({});
    const capped = await filled({ maxBucket: 5 });
    // The true duplicate (id 18) arrived late, so only sharing the most bands puts it in the five.
    const q = { id: 'q', text: `${template('厦门')}!` };
    expect(await uncapped.check({ ...q })).toEqual({ duplicate: true, of: '18', similarity: 1 });
    expect(uncapped.counters()).toMatchObject({ cappedQueries: 0, skippedCandidates: 0 });
    expect(await capped.check({ ...q })).toEqual({ duplicate: true, of: '18', similarity: 1, capped: true });
    expect(capped.counters()).toMatchObject({ cappedQueries: 1, skippedCandidates: 15 });
    expect(await capped.query(q.text, { limit: 20 })).toEqual(await uncapped.query(q.text, { limit: 20 }));
    expect(capped.counters().cappedQueries).toBe(2);
    // A query with few candidates is not capped and not counted.
    expect(await capped.check({ id: 'n', text: '国足晋级世界杯决赛圈' })).toEqual({ duplicate: false });
    expect(capped.counters().cappedQueries).toBe(2);
  });

  it('a snapshot loads with the caller maxBucket, which is not a stored parameter', async () => {
    const path = join(dir, 'capped.ndix');
    await saveSnapshot(await filled({}), path);
    const loaded = await loadSnapshot(path, { maxBucket: 5 });
    expect(loaded.options.maxBucket).toBe(5);
    expect((await loaded.check({ id: 'q', text: template('厦门') })).capped).toBe(true);
  });
});

describe('NearDupIndex: dates and ids a feed sends (issue #29)', () => {
  const text = '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才';

  it('refuses unreadable dates and epoch seconds with NeardupError E_INPUT, adding nothing', async () => {
    const index = new NearDupIndex();
    for (const date of ['yesterday', 'last tuesday', 1714521600, Number.NaN, 1e300, [2024]]) {
      await expect(index.check({ id: 'a', text, date })).rejects.toMatchObject({
        name: 'NeardupError',
        code: 'E_INPUT',
      });
      await expect(index.add({ id: 'a', text, date })).rejects.toMatchObject({ code: 'E_INPUT' });
    }
    await expect(index.add({ id: 'a', text, date: 1714521600 })).rejects.toThrow(
      'it looks like epoch seconds: send 1714521600000',
    );
    expect(await index.size()).toBe(0);
    // Without a window a future date is only a date; with one it would move the clock, so it is refused.
    await index.add({ id: 'future', text, date: '9999-12-31' });
    expect(await index.size()).toBe(1);
    const windowed = new NearDupIndex({ window: '48h' });
    for (let k = 0; k < 20; k++)
      await windowed.add({ id: `n${k}`, text: `第${k}号公告：${k * 7919}`, date: Date.now() });
    for (const date of ['9999-12-31', Date.now() + 2 * 86_400_000])
      await expect(windowed.check({ id: 'f', text, date })).rejects.toThrow('past this machine');
    expect(await windowed.size()).toBe(20);
    expect(windowed.counters().evictedItems).toBe(0);
  });

  it('files an undated item at the latest date filed, not the wall clock', async () => {
    const index = new NearDupIndex({ window: '48h' });
    await index.check({ id: 'x1', text, date: '2024-05-01' });
    expect(await index.check({ id: 'x2', text: `${text}!`, date: '2024-05-01' })).toMatchObject({ of: 'x1' });
    expect(await index.check({ id: 'x3', text: `${text}。` })).toMatchObject({ duplicate: true, of: 'x1' });
    await index.add({ id: 'x4', text: '国足晋级世界杯决赛圈' });
    expect(index.clock).toBe(Date.parse('2024-05-01'));
    expect((await index.get('x4'))?.time).toBe(Date.parse('2024-05-01'));
    expect(await index.remove('x1')).toBe(true);
    // With no dated item yet, the wall clock.
    const fresh = new NearDupIndex({ window: '48h' });
    const before = Date.now();
    await fresh.add({ id: 'u', text });
    expect((await fresh.get('u'))!.time).toBeGreaterThanOrEqual(before);
    // A snapshot keeps the clock.
    const file = join(dir, 'clock.ndix');
    await saveSnapshot(index, file);
    expect((await loadSnapshot(file)).clock).toBe(Date.parse('2024-05-01'));
  });

  it('validates ids and never coerces a number silently; a query probe has no id to collide with', async () => {
    const index = new NearDupIndex();
    for (const id of [
      '.',
      '..',
      'x'.repeat(1025),
      'a\ud800',
      Number.POSITIVE_INFINITY,
      1.5,
      2 ** 60,
      '',
      null,
    ])
      await expect(index.add({ id: id as string, text })).rejects.toThrow(/id/);
    expect(await index.size()).toBe(0);
    await index.add({ id: 42, text });
    expect((await index.get('42'))?.id).toBe('42');
    await index.add({ id: '\u0000query', text: '国足晋级世界杯决赛圈' });
    expect((await index.query('国足晋级世界杯决赛圈')).map((h) => h.id)).toEqual(['\u0000query']);
    await index.add({ id: 'é'.repeat(512), text: '南非大选初步计票结果显示非国大获胜' }); // 1,024 bytes
    expect(await index.size()).toBe(3);
  });
});
