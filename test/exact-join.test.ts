/**
 * The exact-duplicate join (link/exact-join.ts) against the obvious grouping: items whose token
 * sequences are equal, each under the first of them. Equal shingle sets from different words
 * (挖呀挖 / 挖呀挖呀挖 share every bigram) stay apart; copies of a text, however many, join.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinExactDuplicates } from '../src/link/exact-join.js';
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
});
