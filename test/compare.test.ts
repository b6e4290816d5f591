/**
 * `compare`, the one pairwise function: the decision `dedup` makes, with options resolved once for
 * a run of calls, and never stale when the options change (even the same object, changed); and
 * the explainer a report reuses over many pairs, against a fresh one per pair.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compare } from '../src/index.js';
import { createExplainer, explainPair } from '../src/compare/explain.js';

const A = '上海师范大学2019年硕士研究生招生简章';
const B = '湖北师范大学2019年硕士研究生招生简章';

describe('compare', () => {
  it('decides a pair as the README shows', () => {
    expect(compare(A, B)).toMatchObject({ duplicate: false, rule: 'substitution' });
    expect(compare(A, B).similarity).toBeCloseTo(0.7778, 4);
  });

  it('follows changed options, in a new object or the same one', () => {
    // Under the rules, where one switch decides: the learned decision weighs the rule with the rest.
    const options: { decision: 'rules'; disableRules?: 'substitution'[] } = { decision: 'rules' };
    expect(compare(A, B, options).duplicate).toBe(false);
    options.disableRules = ['substitution'];
    expect(compare(A, B, options).duplicate).toBe(true);
    expect(compare(A, B, { decision: 'rules' }).duplicate).toBe(false);
  });

  it('takes dates with the texts for the date-gap rule', () => {
    const a = { text: A, date: '2019-01-01' };
    expect(compare(a, { text: A, date: '2019-01-03' }).duplicate).toBe(true);
    expect(compare(a, { text: A, date: '2019-03-01' })).toMatchObject({ duplicate: false, rule: 'date-gap' });
  });
});

describe('createExplainer', () => {
  it('explains each of many pairs as a fresh explainPair does, one side reused', () => {
    // Headlines of the bundled sample against edits of themselves, dated near and far apart, so
    // that pairs are decided by every kind of rule and the date counts.
    const titles = readFileSync(new URL('../data/headlines_sample.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 80)
      .map((l) => (JSON.parse(l) as { title: string }).title);
    const edits = [
      (t: string) => `${t}！`,
      (t: string) => t.slice(0, -1),
      (t: string) => `${t}回应`,
      (t: string) => `视频：${t}`,
    ];
    for (const options of [{}, { decision: 'rules' as const }]) {
      const explain = createExplainer(options);
      const rules = new Set<string>();
      // Each kept side against all its edits in a row (as a report's cluster), then the same text
      // undated: the explainer reuses a side only while both text and date stay.
      for (const t of titles)
        for (const a of [{ text: t, date: '2021-03-01' }, { text: t }])
          for (const [k, edit] of edits.entries()) {
            const b = { text: edit(t), date: k % 2 === 0 ? '2021-03-04' : '2021-05-01' };
            const e = explain(a, b);
            expect(e).toEqual(explainPair(a, b, options));
            rules.add(e.decision.rule);
          }
      expect(rules.has('date-gap')).toBe(true);
      expect(rules.size).toBeGreaterThan(3);
    }
  });
});
