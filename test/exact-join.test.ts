/**
 * The exact-duplicate join (link/exact-join.ts) against the obvious grouping: items whose token
 * sequences are equal, each under the first of them. Equal shingle sets from different words
 * (挖呀挖 / 挖呀挖呀挖 share every bigram) stay apart; copies of a text, however many, join.
 */
import { describe, expect, it } from 'vitest';
import { joinExactDuplicates } from '../src/link/exact-join.js';
import { TokenReader } from '../src/prepare/token-column.js';
import { buildCounted } from './helpers/frame-corpus.js';

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
});
