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
export { jaccardSorted } from './sketch/jaccard.js';
export { makePermutations, signature, estimateJaccard } from './sketch/minhash.js';
export { chooseBands, collisionProbability, bandHashesInto } from './sketch/lsh.js';
export { prepareBatch } from './prepare/prepare.js';
export { parseDate } from './read/dates.js';
export { parseDuration } from './online/duration.js';

export type { ShingleParams } from './text/shingle.js';
export type { Permutations } from './sketch/minhash.js';
export type { BandParams, BandChoice } from './sketch/lsh.js';
export type { PrepareParams, PreparedBatch } from './prepare/prepare.js';
