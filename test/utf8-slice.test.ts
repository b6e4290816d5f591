/**
 * The fenced use of Buffer's undocumented `utf8Slice`: on this Node (CI runs every supported one)
 * it is found or not, and either way the decoder gives exactly what `toString('utf8', …)` gives,
 * on both the fast path and the fallback.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HAS_UTF8_SLICE, utf8Slicer } from '../src/read/utf8-slice.js';

describe('utf8Slicer', () => {
  it(`finds utf8Slice on Node ${process.versions.node} (it has been there since Node 0.x)`, () => {
    const has = typeof (Buffer.alloc(0) as Buffer & { utf8Slice?: unknown }).utf8Slice === 'function';
    expect(HAS_UTF8_SLICE).toBe(has);
  });

  for (const fast of [true, false]) {
    it(`decodes every range as toString does (${fast ? 'utf8Slice' : 'fallback'})`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme' }), fc.nat(), fc.nat(), (text, x, y) => {
          const buf = Buffer.from(text, 'utf8');
          const from = buf.length === 0 ? 0 : x % (buf.length + 1);
          const to = from + (buf.length === 0 ? 0 : y % (buf.length - from + 1));
          expect(utf8Slicer(buf, fast)(from, to)).toBe(buf.toString('utf8', from, to));
        }),
      );
    });
  }
});
