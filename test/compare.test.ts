/**
 * `compare`, the one pairwise function: the decision `dedup` makes, with options resolved once for
 * a run of calls, and never stale when the options change (even the same object, changed).
 */
import { describe, expect, it } from 'vitest';
import { compare } from '../src/index.js';

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
