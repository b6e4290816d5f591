import { thousands } from '../src/text/thousands.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldScript } from '../src/text/script-fold.js';
import { isNormalLowerCase, normalizeForDisplay, prepareText } from '../src/text/normalize.js';
import { foldInterrogatives } from '../src/text/interrogatives.js';
import { tokenize } from '../src/text/tokenize.js';
import { type ShingleParams, shingleHashes, sortUnique } from '../src/text/shingle.js';
import { jaccardSorted } from '../src/sketch/jaccard.js';
import { setJaccard, stringShingles } from './helpers/oracle.js';

const params = (ngram: number): ShingleParams => ({ ngram, foldScript: true, seed: 1, stripTags: false });

describe('normalisation and tokens', () => {
  it('folds full-width forms, case and punctuation', () => {
    expect(tokenize('库里受伤退场！勇士输球了！', { foldScript: true })).toEqual(
      tokenize('库里受伤退场! 勇士输球了!', { foldScript: true }),
    );
    expect(tokenize('ＴｉｋＴｏｋ上', { foldScript: true })).toEqual(['tiktok', '上']);
    expect(normalizeForDisplay('「新潮流」—ＡＢＣ', { foldScript: false })).toBe('"新潮流"-abc');
  });

  it('keeps Latin words and digits as whole tokens, split from each other', () => {
    expect(tokenize('令人心动的offer5', { foldScript: true })).toEqual([
      '令',
      '人',
      '心',
      '动',
      '的',
      'offer',
      '5',
    ]);
    expect(tokenize('iPhone13 发布', { foldScript: true })).toEqual(
      tokenize('iPhone 13发布', { foldScript: true }),
    );
    expect(tokenize('确诊超52万例', { foldScript: true })).toEqual(['确', '诊', '超', '52', '万', '例']);
  });

  it('folds Traditional to Simplified only when asked', () => {
    expect(foldScript('山東膠東經濟圈一體化發展')).toBe('山东胶东经济圈一体化发展');
    expect(tokenize('經濟', { foldScript: false })).toEqual(['經', '濟']);
    expect(tokenize('經濟', { foldScript: true })).toEqual(['经', '济']);
  });

  it('leaves Simplified text as it is: a character that is the Simplified form of another is not folded on', async () => {
    // OpenCC's table maps 麼 → 么 and also 么 → 幺 (for Traditional texts that write 幺 as 么).
    expect(foldScript('什麼 怎麼樣')).toBe('什么 怎么样');
    expect(foldScript('为什么 怎么样 那么')).toBe('为什么 怎么样 那么');
    const { foldCodePoint } = await import('../src/text/script-fold.js');
    const moved: string[] = [];
    for (let c = 0x3400; c < 0xa000; c++) {
      const f = foldCodePoint(c);
      if (f !== c && foldCodePoint(f) !== f)
        moved.push(`${String.fromCodePoint(c)} → ${String.fromCodePoint(f)}`);
    }
    // Folding once is folding for good: no character's Simplified form is folded again.
    expect(moved).toEqual([]);
  });

  it('drops emoji and symbols but never a short text', () => {
    expect(tokenize('🔥申花🔥', { foldScript: true })).toEqual(['申', '花']);
    expect(shingleHashes('申', params(3)).length).toBe(1);
    expect(shingleHashes('郝蕾', params(3)).length).toBe(1);
    expect(shingleHashes('!!!', params(2)).length).toBe(0);
  });
});

describe('prepareText fast path', () => {
  it('every BMP character it lets through is left unchanged by NFKC and lower-casing', () => {
    let through = 0;
    for (let c = 0; c <= 0xffff; c++) {
      const s = String.fromCharCode(c);
      if (!isNormalLowerCase(s)) continue;
      through++;
      expect(s.normalize('NFKC').toLowerCase()).toBe(s);
    }
    expect(through).toBe(0x7e - 0x20 + 1 - 26 + (0x9fff - 0x4e00 + 1));
  });

  it('equals NFKC, lower case and interrogative folding on mixed text', () => {
    const unit = fc.constantFrom(
      '如',
      '何',
      '怎',
      '样',
      '為',
      '为',
      '啥',
      '标',
      '題',
      'A',
      'b',
      '１',
      'Ｔ',
      '，',
      ' ',
      '\u3000',
      'ﬁ',
      '7',
      '!',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 20 }), (s) => {
        expect(prepareText(s)).toBe(foldInterrogatives(s.normalize('NFKC').toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('shingle hashes agree with string shingles (natural NGrams oracle)', () => {
  const texts = [
    '客家阿婆手作芋丝酥在TikTok上点击量破千万',
    '梅州籍院士心系桑梓,返乡设立奖学金',
    'EDG LGD',
    '小米11首发体验',
    '申花',
    '',
  ];
  it.each([1, 2, 3, 4])('n=%i: same set sizes and Jaccard', (n) => {
    for (const a of texts) {
      expect(shingleHashes(a, params(n)).length).toBe(stringShingles(a, n).size);
      for (const b of texts) {
        expect(jaccardSorted(shingleHashes(a, params(n)), shingleHashes(b, params(n)))).toBeCloseTo(
          setJaccard(stringShingles(a, n), stringShingles(b, n)),
          12,
        );
      }
    }
  });

  it('property: for random CJK/Latin strings the hashed Jaccard equals the string Jaccard', () => {
    const alphabet = fc.constantFrom(
      ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞0123456789abcdefg ',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')),
        fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')),
        fc.integer({ min: 1, max: 4 }),
        (a, b, n) => {
          const h = jaccardSorted(shingleHashes(a, params(n)), shingleHashes(b, params(n)));
          expect(h).toBeCloseTo(setJaccard(stringShingles(a, n), stringShingles(b, n)), 12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sortUnique sorts and removes repeats like Set + sort', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 80 }), (xs) => {
        const a = Uint32Array.from(xs);
        const n = sortUnique(a, a.length);
        expect([...a.subarray(0, n)]).toEqual([...new Set(xs)].sort((x, y) => x - y));
      }),
    );
  });
});

describe('tag stripping fast path', () => {
  it('equals the every-pattern reference on the bundled headlines, and on tag-heavy random texts', async () => {
    const { stripTags, stripTagsReference } = await import('../src/text/tags.js');
    const { prepareText } = await import('../src/text/normalize.js');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const lines = readFileSync(join(__dirname, '..', 'data', 'headlines_sample.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const titles = lines.map((l) => prepareText((JSON.parse(l) as { title: string }).title));
    for (const t of titles) expect(stripTags(t)).toBe(stripTagsReference(t));
    const parts = [
      '人民日报',
      '组图',
      '视频',
      '【',
      '】',
      ' ',
      '新华社',
      '快讯',
      ':',
      '图',
      '(',
      ')',
      '某地',
      '发生',
      '地震',
      'cnn',
      '36氪',
      '\t',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 12 }), (p) => {
        const s = p.join('');
        expect(stripTags(s)).toBe(stripTagsReference(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('thousands', () => {
  it('writes numbers as toLocaleString("en-US") does', () => {
    const cases = [0, -0, 1, 7, 12, 999, 1000, -1000, 1234, 99_999, 100_000, 1_234_567, -9_876_543_210];
    for (let k = 0; k < 2000; k++) cases.push(Math.floor(Math.sin(k + 1) * 10 ** (k % 16)));
    cases.push(Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, -0.25, 1234.5678, Number.NaN, Number.POSITIVE_INFINITY);
    for (const n of cases) expect(thousands(n), String(n)).toBe(n.toLocaleString('en-US'));
  });
});
