import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prepareBatch, type PrepareParams } from '../src/prepare/prepare.js';
import { wasmSignAndBand } from '../src/sketch/kernel/wasm-kernel.js';

const base: PrepareParams = {
  ngram: 2,
  foldScript: true,
  seed: 1,
  stripTags: true,
  perms: 128,
  bands: 40,
  rows: 3,
};
const texts = [
  '客家阿婆手作芋丝酥在TikTok上点击量破千万',
  '',
  '!!!',
  '申花',
  '令人心动的offer5',
  '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才',
];

describe('WebAssembly SIMD kernel', () => {
  it('is available in this runtime (built by npm run build)', () => {
    expect(wasmSignAndBand()).toBeTypeOf('function');
  });

  it.each([
    [128, 40, 3],
    [128, 42, 3],
    [128, 11, 9],
    [64, 16, 4],
    [256, 85, 3],
  ])(
    'gives the same band hashes as the TypeScript path (perms %i, %i bands × %i rows)',
    (perms, bands, rows) => {
      const params = { ...base, perms, bands, rows };
      const wasm = prepareBatch(texts, { ...params, kernel: 'auto' });
      const js = prepareBatch(texts, { ...params, kernel: 'js' });
      expect([...wasm.bandHashes]).toEqual([...js.bandHashes]);
      expect(wasm.bandHashes.slice(bands, 2 * bands).every((h) => h === 0)).toBe(true); // the empty text
    },
  );

  it('property: same bits as TypeScript on random texts and seeds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (batch, seed) => {
          const params = { ...base, seed };
          expect([...prepareBatch(batch, params).bandHashes]).toEqual([
            ...prepareBatch(batch, { ...params, kernel: 'js' }).bandHashes,
          ]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
