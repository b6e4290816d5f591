/**
 * Daily reports (verify/daily-report.ts) against the obvious search: the headline's text read back
 * and searched for each marker with `includes`. The scan looks up its map only at a token whose
 * bit marks a marker's first character, and a view against itself is scanned once: both must
 * answer as the search does, on every headline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAILY_MARKERS, pairWindowDays, reportsDay } from '../src/verify/daily-report.js';
import { spanText } from '../src/verify/span-text.js';
import { pairViews } from './helpers/oracle.js';
import { ROOT } from './helpers/shared-data.js';

describe('reportsDay', () => {
  const titles = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { title: string }).title);
  // Markers at the head and the tail, split by a word, after a character beyond the BMP, a
  // marker's first character alone or before another's second.
  const edges = [
    '今天',
    '新增3例',
    '广东新增',
    '今 天',
    '今iPhone天',
    '𠀋新增',
    '今增',
    '新日',
    '明',
    '日增日',
    '单',
  ];
  const texts = [...titles, ...edges];

  it('finds a marker in the headlines where the text holds one, and nowhere else', () => {
    const views = pairViews(texts.map((text) => ({ text })));
    let found = 0;
    views.forEach((v, k) => {
      const text = spanText(v, 0, v.tTo - v.tFrom);
      const expected = DAILY_MARKERS.some((m) => text.includes(m));
      expect(reportsDay(v.tokens, v.tFrom, v.tTo), texts[k]).toBe(expected);
      if (expected) found++;
    });
    // Not vacuous: the bundled headlines hold daily reports, and most headlines are not.
    expect(found).toBeGreaterThan(30);
    expect(found).toBeLessThan(texts.length / 4);
  });

  it('gives a view against itself the window of two copies', () => {
    const views = pairViews(texts.map((text) => ({ text })));
    for (const v of views) {
      const copy = { ...v };
      expect(pairWindowDays(v, v, 3)).toBe(pairWindowDays(v, copy, 3));
      expect(pairWindowDays(v, v, 1)).toBe(1);
    }
    expect(pairWindowDays(views[texts.indexOf('广东新增')], views[texts.indexOf('今天')], 3)).toBe(1);
    expect(pairWindowDays(views[texts.indexOf('广东新增')], views[texts.indexOf('今iPhone天')], 3)).toBe(3);
  });
});
