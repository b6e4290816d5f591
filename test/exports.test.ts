import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'CANONICAL_POLICIES',
        'DEFAULTS',
        'RULE_NAMES',
        'compare',
        'NearDupIndex',
        'saveSnapshot',
        'loadSnapshot',
        'parseDuration',
        'explainPair',
        'createComparer',
        'NeardupError',
        'Shingler',
        'bandHashesInto',
        'chooseBands',
        'collisionProbability',
        'createPool',
        'dedup',
        'defaultThreads',
        'estimateJaccard',
        'foldScript',
        'jaccardSorted',
        'makePermutations',
        'normalizeForDisplay',
        'parseDate',
        'prepareBatch',
        'resolveOptions',
        'shingleHashes',
        'signature',
        'similarity',
        'tokenize',
      ].sort(),
    );
  });
});
