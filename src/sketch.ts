/**
 * `neardup/sketch`: the building blocks under `dedup` and the index, for callers who assemble a
 * pipeline of their own — normalising and tokenising, shingle hashes, MinHash signatures, LSH
 * banding and batch preparation, with the date and duration parsers. Named exports only;
 * `test/exports.test.ts` pins this list.
 */
export { normalizeForDisplay } from './text/normalize.js';
export { tokenize } from './text/tokenize.js';
export { shingleHashes, Shingler } from './text/shingle.js';
export { foldScript } from './text/script-fold.js';
export { jaccardSorted } from './jaccard.js';
export { makePermutations, signature, estimateJaccard } from './minhash.js';
export { chooseBands, collisionProbability, bandHashesInto } from './lsh.js';
export { prepareBatch } from './engine/prepare.js';
export { parseDate } from './engine/dates.js';
export { parseDuration } from './index/duration.js';

export type { ShingleParams } from './text/shingle.js';
export type { Permutations } from './minhash.js';
export type { BandParams, BandChoice } from './lsh.js';
export type { PrepareParams, PreparedBatch } from './engine/prepare.js';
