/**
 * The stage rule's word search over tokens against its oracle, the text of the span searched
 * with `includes` for each stage word (the code it replaced): on the bundled headlines, every
 * range of each, and on headlines made to hold stage words at the edges of ranges.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveOptions, shingleParams } from '../src/options/options.js';
import { textView } from '../src/compare/similarity.js';
import { Shingler } from '../src/text/shingle.js';
import type { ItemView } from '../src/verify/item-view.js';
import { STAGE_WORDS, stageWordsIn } from '../src/verify/span-rules.js';
import { spanText } from '../src/verify/span-text.js';
import { ROOT } from './helpers/shared-data.js';

const oracle = (v: ItemView, from: number, to: number): number => {
  const text = spanText(v, from, to);
  let bits = 0;
  STAGE_WORDS.forEach((w, k) => {
    if (text.includes(w)) bits |= 1 << k;
  });
  return bits;
};

const shingler = new Shingler(shingleParams(resolveOptions()));
const view = (text: string) => textView(shingler, { text });

describe('stage words found over tokens', () => {
  it('agree with the text search on every range of the bundled headlines', () => {
    const titles = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { title: string }).title);
    let found = 0;
    for (const t of titles.slice(0, 600)) {
      const v = view(t);
      const n = v.tTo - v.tFrom;
      for (let from = -1; from <= n; from++)
        for (let to = from; to <= n + 1; to++) {
          const bits = stageWordsIn(v, from, to);
          expect(bits).toBe(oracle(v, from, to));
          if (bits !== 0) found++;
        }
    }
    expect(found).toBeGreaterThan(100);
  });

  it('agree with the text search on headlines built around stage words', () => {
    const parts = fc.constantFrom(...STAGE_WORDS, '申通', '回', '应', 'A股', '2024', '大', '结局', '，');
    fc.assert(
      fc.property(fc.array(parts, { minLength: 1, maxLength: 8 }), fc.nat(), fc.nat(), (ps, x, y) => {
        const v = view(ps.join(''));
        const n = v.tTo - v.tFrom;
        const from = (x % (n + 3)) - 1;
        const to = from + (y % (n + 3));
        expect(stageWordsIn(v, from, to)).toBe(oracle(v, from, to));
      }),
      { numRuns: 2000 },
    );
  });
});
