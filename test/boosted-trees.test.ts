/**
 * The boosted trees that bench/model-class.ts tries against the logistic decision: they must fit
 * what a logistic model cannot (an interaction), or the comparison would say nothing of the class.
 */
import { describe, expect, it } from 'vitest';
import { fitBoosted } from '../bench/lib/boosted-trees.js';

describe('fitBoosted', () => {
  it('learns an exclusive or, which no linear log-odds can', () => {
    // Unequal cells, so that the first split already gains something (a greedy tree cannot start
    // on a perfectly balanced exclusive or: every single split gains nothing there).
    const cells: [number, number, number][] = [
      [0, 0, 100],
      [1, 0, 50],
      [0, 1, 50],
      [1, 1, 20],
    ];
    const rows: number[][] = [];
    const labels: boolean[] = [];
    for (const [x, y, n] of cells)
      for (let i = 0; i < n; i++) {
        rows.push([x, y, (i % 7) / 7]);
        labels.push((x ^ y) === 1);
      }
    const m = fitBoosted(
      rows,
      labels,
      rows.map(() => 1),
      { depth: 2, rounds: 50, rate: 0.3, lambda: 1, minLeaf: 1 },
    );
    expect(m.probability([1, 0, 0.5])).toBeGreaterThan(0.9);
    expect(m.probability([0, 1, 0.5])).toBeGreaterThan(0.9);
    expect(m.probability([0, 0, 0.5])).toBeLessThan(0.1);
    expect(m.probability([1, 1, 0.5])).toBeLessThan(0.1);
  });

  it('weighs rows by their weights', () => {
    // The same point labelled both ways: the heavier label wins.
    const m = fitBoosted([[0], [0]], [true, false], [9, 1], {
      depth: 1,
      rounds: 100,
      rate: 0.3,
      lambda: 0,
      minLeaf: 0,
    });
    expect(m.probability([0])).toBeCloseTo(0.9, 2);
  });
});
