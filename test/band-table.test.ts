import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BandTable } from '../src/online/band-table.js';

describe('BandTable (open-addressing multimap) against a Map oracle', () => {
  it('property: any sequence of adds and removes answers like a Map of sets', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 20 }),
            fc.integer({ min: 0, max: 30 }),
          ),
          { maxLength: 400 },
        ),
        (ops) => {
          const table = new BandTable(16);
          const oracle = new Map<string, Set<number>>();
          for (const [add, band, hash, slot] of ops) {
            const key = `${band}:${hash}`;
            const set = oracle.get(key) ?? new Set<number>();
            if (add && !set.has(slot)) {
              table.add(band, hash, slot);
              set.add(slot);
            } else if (!add) {
              expect(table.remove(band, hash, slot)).toBe(set.delete(slot));
            }
            oracle.set(key, set);
          }
          for (const [key, set] of oracle) {
            const [band, hash] = key.split(':').map(Number);
            const got: number[] = [];
            table.forEach(band, hash, (s) => got.push(s));
            expect(got.sort((a, b) => a - b)).toEqual([...set].sort((a, b) => a - b));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
