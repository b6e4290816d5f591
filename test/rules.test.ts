/**
 * Each headline rule on the example pair the README documents it with: the rule decides the pair,
 * and with the rule switched off the pair gets the plain decision. Plus the number reading and
 * the interrogative folding the rules rely on.
 */
import { describe, expect, it } from 'vitest';
import { compare, dedup, type RuleName } from '../src/index.js';
import { chineseNumberValue, numberTokens } from '../src/verify/numerals.js';
import { digitTokenOf } from '../src/text/tokenize.js';
import { foldInterrogatives } from '../src/text/interrogatives.js';
import { foldScript } from '../src/text/script-fold.js';
import { QUESTION_WORDS } from '../src/verify/decide.js';

interface Example {
  rule: RuleName;
  a: string;
  b: string;
  dateA?: string;
  dateB?: string;
  /** The decision with the rule on (off gives the other one). */
  duplicate: boolean;
}

const EXAMPLES: Example[] = [
  {
    rule: 'date-gap',
    a: '全球日增确诊超47万例',
    b: '全球日增确诊超47万例',
    dateA: '2021-03-11',
    dateB: '2021-04-06',
    duplicate: false,
  },
  {
    rule: 'date-gap',
    a: '河北新增14例本土确诊病例',
    b: '河北新增14例本土确诊',
    dateA: '2021-01-05',
    dateB: '2021-01-09',
    duplicate: false,
  },
  {
    rule: 'numbers',
    a: '习近平出席亚太经合组织第三十次领导人非正式会议',
    b: '习近平出席亚太经合组织第三十二次领导人非正式会议',
    duplicate: false,
  },
  { rule: 'numbers', a: '解放军军机1小时4次进台西南空域', b: '解放军军机两度进台西南空域', duplicate: false },
  {
    rule: 'substitution',
    a: '上海师范大学2019年硕士研究生招生简章',
    b: '湖北师范大学2019年硕士研究生招生简章',
    duplicate: false,
  },
  { rule: 'negation', a: '快乐大本营直播', b: '快乐大本营直播没播', duplicate: false },
  {
    rule: 'negation',
    a: '特朗普宣布美国退出伊核协议',
    b: '特朗普宣布美国为何退出伊核协议',
    duplicate: false,
  },
  {
    rule: 'stage',
    a: '十四届全国人大常委会第十次会议在京举行',
    b: '十四届全国人大常委会第十次会议在京闭幕',
    duplicate: false,
  },
  { rule: 'extension', a: '星光大赏', b: '星光大赏 单独宣', duplicate: false },
  { rule: 'extension', a: 'CBA季后赛对阵', b: 'CBA季后赛8进4对阵', duplicate: false },
  { rule: 'edits', a: '台湾新增472例本土病例 累计破万例', b: '台湾新增472例本土确诊病例', duplicate: true },
  {
    rule: 'edits',
    a: '特朗普宣布美国退出伊核协议 奥巴马称其为“严重错误”',
    b: '今天凌晨，特朗普宣布美国退出伊核协议',
    duplicate: true,
  },
];

/** The rules decide these (the learned decision reads them as features: see model.test.ts). */
const RULES = { decision: 'rules' } as const;

describe('each rule decides its README example, and switched off it does not', () => {
  for (const e of EXAMPLES) {
    it(`${e.rule}: ${e.a} / ${e.b}`, () => {
      const a = { text: e.a, date: e.dateA };
      const b = { text: e.b, date: e.dateB };
      const on = compare(a, b, RULES);
      expect(on).toMatchObject({ duplicate: e.duplicate, rule: e.rule });
      expect(compare(b, a, RULES)).toEqual(on);
      const off = compare(a, b, { ...RULES, disableRules: [e.rule] });
      expect(off.duplicate).toBe(!e.duplicate);
    });
  }

  it('edits forgives only added or dropped words: a replaced word below the threshold stays apart', () => {
    const d = compare('苏宁易购股票明日起停牌', '苏宁易购6月23日起停牌', RULES);
    expect(d.similarity).toBeLessThan(0.5);
    expect(d).toMatchObject({ duplicate: false, rule: 'below-threshold' });
    // And nothing under 0.8 × threshold passes.
    expect(compare('三星堆明星文物“青铜神树”', '青铜神树', RULES)).toMatchObject({
      duplicate: false,
      rule: 'below-threshold',
    });
  });

  it('a daily report keeps the seven-day window when only one side is one', () => {
    const a = { text: '北京新增7例本土确诊病例', date: '2021-01-01' };
    expect(compare(a, { text: '北京新增7例本土确诊病例', date: '2021-01-02' }).duplicate).toBe(true);
    expect(compare(a, { text: '北京新增7例本土确诊病例', date: '2021-01-04' })).toMatchObject({
      duplicate: false,
      rule: 'date-gap',
    });
    expect(
      compare({ text: '某地举办龙舟赛', date: '2021-01-01' }, { text: '某地举办龙舟赛', date: '2021-01-05' })
        .duplicate,
    ).toBe(true);
  });

  it('batch dedup splits copies of a daily report by day, as comparing each pair would', async () => {
    const text = '河北新增14例本土确诊';
    const dates = ['2021-01-05', '2021-01-06', '2021-01-09', '2021-01-10', '2021-01-20'];
    const r = await dedup(dates.map((date, k) => ({ id: `d${k}`, text, date })));
    const clusters = r.clusters.map((c) => c.members.map((m) => m.id));
    expect(clusters).toEqual([
      ['d0', 'd1'],
      ['d2', 'd3'],
    ]);
  });
});

describe('exact copies are joined along time as comparing each pair would', () => {
  it('a window under a day splits copies hours apart; a copy joins a kept copy within the window, never through a chain', async () => {
    const text = '某地举办龙舟赛';
    const apart = await dedup(
      [
        { id: 'a', text, date: '2021-01-01T00:00:00Z' },
        { id: 'b', text, date: '2021-01-01T20:00:00Z' },
      ],
      { dateWindowDays: 0.5 },
    );
    expect(apart.clusters).toEqual([]);
    const chained = await dedup(
      [
        { id: 'a', text, date: '2021-01-01T00:00:00Z' },
        { id: 'b', text, date: '2021-01-01T10:00:00Z' },
        { id: 'c', text, date: '2021-01-01T20:00:00Z' },
      ],
      { dateWindowDays: 0.5 },
    );
    // b is within half a day of the kept a; c is not (20 h), so c is kept, although it is within
    // the window of b: star clusters never remove an item in the name of one it does not match.
    expect(chained.clusters.map((c) => c.members.map((m) => m.id))).toEqual([['a', 'b']]);
    const threads = await dedup(
      [
        { id: 'a', text, date: '2021-01-01T00:00:00Z' },
        { id: 'b', text, date: '2021-01-01T10:00:00Z' },
        { id: 'c', text, date: '2021-01-01T20:00:00Z' },
      ],
      { dateWindowDays: 0.5, linkage: 'components' },
    );
    expect(threads.clusters.map((c) => c.members.map((m) => m.id))).toEqual([['a', 'b', 'c']]);
  });
});

describe('numbers and interrogatives as the rules read them', () => {
  it('reads Chinese numerals below 10,000', () => {
    const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!);
    expect(chineseNumberValue(cp('三十二'), 0, 3)).toBe(32);
    expect(chineseNumberValue(cp('十四'), 0, 2)).toBe(14);
    expect(chineseNumberValue(cp('两'), 0, 1)).toBe(2);
    expect(chineseNumberValue(cp('一百零五'), 0, 4)).toBe(105);
    expect(chineseNumberValue(cp('一二'), 0, 2)).toBe(-1);
  });

  it('counts numerals only before a measure word, and not after 第', () => {
    const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!);
    const t = cp('两度进入');
    expect(numberTokens(t, 0, t.length)).toEqual([digitTokenOf(2)]);
    const words = cp('两会三星一加');
    expect(numberTokens(words, 0, words.length)).toEqual([]);
    const ordinal = cp('第三次');
    expect(numberTokens(ordinal, 0, ordinal.length)).toEqual([]);
  });

  it('question words are listed in both spellings the tokens can have', () => {
    expect(new Set(QUESTION_WORDS)).toEqual(new Set(QUESTION_WORDS.flatMap((w) => [w, foldScript(w)])));
  });

  it('folds interrogative variants, leaving 怎么样 alone', () => {
    expect(foldInterrogatives('如何准备 怎样 为何 为啥 怎么样')).toBe('怎么准备 怎么 为什么 为什么 怎么样');
    expect(compare('公务员面试如何准备？', '公务员面试该怎么准备？').similarity).toBeGreaterThanOrEqual(0.5);
  });
});
