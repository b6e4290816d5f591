/**
 * The public surface, pinned: the main entry's high-level API and the `neardup/sketch` building
 * blocks, and the package's `exports` map pointing at both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import * as sketch from '../src/sketch.js';
import { ROOT } from './helpers/shared-data.js';

describe('public API', () => {
  it('exports exactly these names from the main entry', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'CANONICAL_POLICIES',
        'DEFAULTS',
        'NearDupIndex',
        'NeardupError',
        'RULE_NAMES',
        'compare',
        'createPool',
        'dedup',
        'defaultThreads',
        'explain',
        'loadSnapshot',
        'resolveOptions',
        'saveSnapshot',
      ].sort(),
    );
  });

  it('exports exactly these names from neardup/sketch', () => {
    expect(Object.keys(sketch).sort()).toEqual(
      [
        'Shingler',
        'bandHashesInto',
        'chooseBands',
        'collisionProbability',
        'estimateJaccard',
        'foldScript',
        'jaccardSorted',
        'makePermutations',
        'normalizeForDisplay',
        'parseDate',
        'parseDuration',
        'prepareBatch',
        'shingleHashes',
        'signature',
        'tokenize',
      ].sort(),
    );
  });

  it('maps both entries in package.json, each with types', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
      main: string;
      types: string;
    };
    // Top-level main and types too, for `moduleResolution: "node"`, which reads no exports map.
    expect({ main: pkg.main, types: pkg.types }).toEqual({
      main: './dist/src/index.js',
      types: './dist/src/index.d.ts',
    });
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    expect(pkg.exports['./sketch']).toEqual({
      types: './dist/src/sketch.d.ts',
      default: './dist/src/sketch.js',
    });
  });
});
