/**
 * The tree reads as the pipeline: no import in src/ runs back up a stage (bench/lib/import-graph.ts
 * names the stage order), and every folder is placed in that order.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderGraph } from '../bench/lib/import-graph.js';

describe('folder import graph', () => {
  it('has no back-edges', () => {
    const edges = folderGraph(fileURLToPath(new URL('../src', import.meta.url)));
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.filter((e) => e.back).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });
});
