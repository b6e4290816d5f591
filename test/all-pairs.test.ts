import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allPairs } from '../src/link/all-pairs.js';
import { jaccardSorted } from '../src/sketch/jaccard.js';

function collection(sets: number[][]) {
  const offsets = new Uint32Array(sets.length + 1);
  const values: number[] = [];
  sets.forEach((s, i) => {
    const u = [...new Set(s)].sort((a, b) => a - b);
    values.push(...u);
    offsets[i + 1] = values.length;
  });
  return { offsets, values: Uint32Array.from(values) };
}

function bruteForce(c: ReturnType<typeof collection>, t: number) {
  const out: { a: number; b: number; similarity: number }[] = [];
  const n = c.offsets.length - 1;
  const set = (i: number) => c.values.subarray(c.offsets[i], c.offsets[i + 1]);
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      const s = jaccardSorted(set(a), set(b));
      if (s >= t) out.push({ a, b, similarity: s });
    }
  return out;
}

describe('allPairs (prefix-filtered exact join)', () => {
  it('property: finds exactly the pairs brute force finds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }), { maxLength: 40 }),
        fc.constantFrom(0.3, 0.5, 0.8, 1),
        (sets, t) => {
          const c = collection(sets);
          expect(allPairs(c, t)).toEqual(bruteForce(c, t));
        },
      ),
      { numRuns: 300 },
    );
  });
});
