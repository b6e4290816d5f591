import { describe, expect, it } from 'vitest';
import { originalDiff, tokenRanges } from '../src/report/original-diff.js';
import { tokenize } from '../src/text/tokenize.js';

const opts = { foldScript: true, stripTags: true };
const variant = (pieces: { kind: string; text: string }[]) =>
  pieces
    .filter((p) => p.kind !== 'delete')
    .map((p) => p.text)
    .join('');

describe('originalDiff: differences on the text as written', () => {
  it('keeps the spaces and case of Latin text and marks whole words', () => {
    const d = originalDiff('Six Nations: Wales 10 England 12', 'Six Nations: Wales 10 France 12', opts);
    expect(d).toEqual([
      { kind: 'equal', text: 'Six Nations: Wales 10 ' },
      { kind: 'delete', text: 'England' },
      { kind: 'insert', text: 'France' },
      { kind: 'equal', text: ' 12' },
    ]);
  });

  it('keeps Traditional characters, full-width forms and decimal points as written', () => {
    const a = '臺灣失業率２９.６%創新高';
    const b = '臺灣失業率8.1%創新高';
    const d = originalDiff(a, b, opts);
    expect(variant(d)).toBe(b);
    expect(d.find((p) => p.kind === 'delete')?.text).toBe('２９.６');
    expect(d.find((p) => p.kind === 'insert')?.text).toBe('8.1');
  });

  it('returns every variant character exactly once, whatever normalisation rewrote (oracle: the variant itself)', () => {
    const pairs: [string, string][] = [
      ['公務員面試如何準備', '公務員面試該怎麼準備（組圖）'],
      ['iPhone13發布會 蘋果', 'Apple iPhone 13 發佈會'],
      ['【快訊】南非大選計票', '南非大選初步計票結果'],
      ['', '有字'],
      ['有字', ''],
    ];
    for (const [a, b] of pairs) expect(variant(originalDiff(a, b, opts))).toBe(b);
  });

  it('maps each engine token to the original characters it came from', () => {
    const text = 'ＴｉｋＴｏｋ上的「芋絲酥」';
    const tokens = tokenize(text, opts);
    const r = tokenRanges(text, tokens, true);
    expect(text.slice(r[0], r[1])).toBe('ＴｉｋＴｏｋ');
    expect(text.slice(r[2 * (tokens.length - 1)], r[2 * tokens.length - 1])).toBe('酥');
  });
});
