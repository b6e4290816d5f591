/**
 * The exact-duplicate join (link/exact-join.ts) against the obvious grouping: items whose token
 * sequences are equal, each under the first of them. Equal shingle sets from different words
 * (挖呀挖 / 挖呀挖呀挖 share every bigram) stay apart; copies of a text, however many, join.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareParams } from '../src/engine/dedup.js';
import { joinExactDuplicates } from '../src/link/exact-join.js';
import { resolveOptions } from '../src/options/options.js';
import { runBatch } from '../src/prepare/batch-task.js';
import { CorpusBuilder } from '../src/prepare/corpus.js';
import { TokenReader } from '../src/prepare/token-column.js';
import { buildCounted } from './helpers/frame-corpus.js';
import { joinByGroups } from '../bench/lib/join-by-groups.js';
import { ROOT } from './helpers/shared-data.js';

describe('joinExactDuplicates', () => {
  it('groups the items with equal tokens under the first of them, and no others', () => {
    const base = [
      '挖呀挖',
      '挖呀挖呀挖',
      '哈哈哈',
      '哈哈哈哈',
      '芋丝酥在TikTok上点击量破千万',
      '院士奖学金',
      '',
      '国内联播快讯',
      '国际联播快讯',
    ];
    // Copies in a seeded order, so that groups interleave and the first of each is anywhere.
    let s = 5;
    const texts = Array.from({ length: 400 }, () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return base[(s >>> 8) % base.length];
    });
    const { c } = buildCounted(texts);
    const reader = new TokenReader();
    const tokensOf = (i: number) =>
      Array.from(
        reader.tokens.subarray(0, reader.read(c.tokens, c.tokenOffsets[i], c.tokenOffsets[i + 1])),
      ).join(',');
    const first = new Map<string, number>();
    const expectedRep = texts.map((_, i) => {
      if (c.shingleOffsets[i + 1] === c.shingleOffsets[i]) return i; // an empty item stays itself
      const key = tokensOf(i);
      if (!first.has(key)) first.set(key, i);
      return first.get(key)!;
    });
    const groups = joinExactDuplicates(c);
    expect(Array.from(groups.repOf)).toEqual(expectedRep);
    const reps = expectedRep.filter((r, i) => r === i && c.shingleOffsets[i + 1] > c.shingleOffsets[i]);
    expect(Array.from(groups.reps)).toEqual(reps);
    expect(groups.exactDuplicates).toBe(expectedRep.filter((r, i) => r !== i).length);
    // Not vacuous: the two pairs of equal sets from different words are in the corpus.
    const setOf = (t: string) => {
      const i = texts.indexOf(t);
      return Array.from(c.shingles.subarray(c.shingleOffsets[i], c.shingleOffsets[i + 1])).join(',');
    };
    expect(setOf('挖呀挖')).toBe(setOf('挖呀挖呀挖'));
    expect(setOf('哈哈哈')).toBe(setOf('哈哈哈哈'));
    expect(groups.reps.length).toBe(base.length - 1);
  });

  it('gives the groups, spans and date limits of the join group by group, split along time or by date', () => {
    // The bundled dated headlines, and copies of some of them: days, weeks and months later (a
    // group that splits along time, or not), undated, or on the same day; daily reports among
    // them, whose copies split on one day. Equal sets from other words too.
    const rows = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { title: string; date: string });
    const texts = rows.map((r) => r.title);
    const dates: (string | undefined)[] = rows.map((r) => r.date);
    // Dates come as 2022-06-01 or 20230102.
    const day = (base: string, plus: number) => {
      const iso = base.length === 8 ? `${base.slice(0, 4)}-${base.slice(4, 6)}-${base.slice(6)}` : base;
      return new Date(Date.parse(`${iso}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
    };
    let seed = 11;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const extra = ['挖呀挖', '挖呀挖呀挖', '哈哈哈', '哈哈哈哈', '今天新增确诊病例', '明天见'];
    for (let k = 0; k < 1500; k++) {
      const from = next(rows.length + extra.length);
      const text = from < rows.length ? texts[from] : extra[from - rows.length];
      const base = from < rows.length ? rows[from].date : '2022-06-01';
      const gap = [0, 0, 1, 2, 6, 7, 9, 30, 400][next(9)];
      texts.push(text);
      dates.push(next(10) === 0 ? undefined : day(base, gap));
    }
    const { c } = buildCounted(texts, dates);
    let split = 0;
    for (const [windowDays, pointDates] of [
      [0, false],
      [1, false],
      [7, false],
      [7, true],
      [0, true],
    ] as const) {
      const fast = joinExactDuplicates(c, windowDays, pointDates);
      const slow = joinByGroups(c, windowDays, pointDates);
      expect(Array.from(fast.reps)).toEqual(Array.from(slow.reps));
      expect(Array.from(fast.repOf)).toEqual(Array.from(slow.repOf));
      expect(Array.from(fast.selfFlags)).toEqual(Array.from(slow.selfFlags));
      expect(Array.from(fast.spans.min)).toEqual(Array.from(slow.spans.min));
      expect(Array.from(fast.spans.max)).toEqual(Array.from(slow.spans.max));
      expect(fast.exactDuplicates).toBe(slow.exactDuplicates);
      // Not vacuous: copies of one text with more than one representative (split groups).
      const textsOfReps = new Set(Array.from(fast.reps, (r) => texts[r]));
      split = Math.max(split, fast.reps.length - textsOfReps.size);
      if (windowDays === 7 && !pointDates) {
        expect(fast.exactDuplicates).toBeGreaterThan(500);
        expect(fast.selfFlags.some((f) => f === 2)).toBe(true); // a daily report's one day
        expect(
          Array.from(fast.spans.min).some((d, i) => fast.repOf[i] === i && d !== fast.spans.max[i]),
        ).toBe(true);
      }
    }
    expect(split).toBeGreaterThan(100);
  });

  it('gives the groups of the join group by group on small random corpora: copies, other words with one set, undated copies, hash collisions', () => {
    // Texts that share a set with other words (挖呀挖 …), daily reports (a one-day limit), and
    // others; dates undated or days apart around the windows, a millisecond either side of them
    // too; set hashes forced to collide. Every mode of the join, every output compared.
    const pool = [
      '挖呀挖',
      '挖呀挖呀挖',
      '挖呀挖呀挖呀挖',
      '哈哈哈',
      '哈哈哈哈',
      '哈哈',
      '',
      '!!',
      '河北新增14例本土确诊',
    ];
    pool.push(
      '今天天气很好',
      '明天见',
      '院士奖学金',
      '国内联播快讯',
      '国际联播快讯',
      'Apple releases new iPhone today',
    );
    let seed = 3;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const DAY = 86_400_000;
    const base = Date.UTC(2022, 5, 1);
    const modes = [
      [0, false],
      [1, false],
      [7, false],
      [7, true],
      [0, true],
      [3, true],
    ] as const;
    const o = resolveOptions();
    const params = prepareParams(o);
    let splitOthers = 0;
    for (let t = 0; t < 700; t++) {
      const size = 1 + next(12);
      const from = next(pool.length);
      const kinds = 2 + next(5);
      const texts = Array.from({ length: size }, () => pool[(from + next(kinds)) % pool.length]);
      const dates = Array.from({ length: size }, () => {
        if (next(5) === 0) return Number.NaN;
        const d = base + [0, 0, 1, 2, 3, 7, 8, 30][next(8)] * DAY;
        return d + [0, 0, 0, 1, -1, next(DAY)][next(6)];
      });
      const builder = new CorpusBuilder(o.bands, false, 0);
      const { batch } = runBatch({ kind: 'texts', texts }, params);
      builder.append(
        batch,
        texts.map((_, i) => String(i)),
        dates,
      );
      const c = builder.build();
      const collide = next(3);
      if (collide === 1) for (let i = 0; i < c.size; i++) c.setHashes[i] %= 3;
      if (collide === 2) c.setHashes.fill(42);
      for (const [windowDays, pointDates] of modes) {
        const fast = joinExactDuplicates(c, windowDays, pointDates);
        const slow = joinByGroups(c, windowDays, pointDates);
        const at = `case ${t} ${JSON.stringify(texts)} window ${windowDays} by date ${pointDates}`;
        expect(Array.from(fast.reps), at).toEqual(Array.from(slow.reps));
        expect(Array.from(fast.repOf), at).toEqual(Array.from(slow.repOf));
        expect(Array.from(fast.selfFlags), at).toEqual(Array.from(slow.selfFlags));
        expect(Array.from(fast.spans.min), at).toEqual(Array.from(slow.spans.min));
        expect(Array.from(fast.spans.max), at).toEqual(Array.from(slow.spans.max));
        expect(fast.exactDuplicates, at).toBe(slow.exactDuplicates);
      }
      // Not vacuous: copies of 挖呀挖呀挖 beside 挖呀挖, one of them undated.
      const other = texts.filter((x) => x === '挖呀挖呀挖').length;
      if (
        texts.includes('挖呀挖') &&
        other > 1 &&
        texts.some((x, i) => x === '挖呀挖呀挖' && Number.isNaN(dates[i]))
      )
        splitOthers++;
    }
    expect(splitOthers).toBeGreaterThan(10);
  });

  it('joins undated copies of other words with one set whole', () => {
    // 挖呀挖呀挖 has 挖呀挖's set: its two copies, undated, are one group with no span.
    const { c } = buildCounted(['挖呀挖', '挖呀挖呀挖', '挖呀挖呀挖'], ['2022-06-01', undefined, undefined]);
    const groups = joinExactDuplicates(c, 7);
    expect(Array.from(groups.reps)).toEqual([0, 1]);
    expect(Array.from(groups.repOf)).toEqual([0, 1, 1]);
    expect(groups.exactDuplicates).toBe(1);
    expect(Number.isNaN(groups.spans.min[1]) && Number.isNaN(groups.spans.max[1])).toBe(true);
  });
});
