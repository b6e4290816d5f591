/**
 * neardup's public API. Named exports only; `test/exports.test.ts` pins this list.
 */
export { dedup } from './engine/dedup.js';
export { parseDate } from './engine/dates.js';
export { similarity, compare } from './similarity.js';
export { resolveOptions, DEFAULTS, CANONICAL_POLICIES, RULE_NAMES } from './options.js';
export { createPool, defaultThreads } from './engine/pool.js';
export { NeardupError } from './errors.js';
export { normalizeForDisplay } from './text/normalize.js';
export { tokenize } from './text/tokenize.js';
export { shingleHashes, Shingler } from './text/shingle.js';
export { foldScript } from './text/script-fold.js';
export { jaccardSorted } from './jaccard.js';
export { makePermutations, signature, estimateJaccard } from './minhash.js';
export { chooseBands, collisionProbability, bandHashesInto } from './lsh.js';
export { prepareBatch } from './engine/prepare.js';
export { NearDupIndex } from './index/near-dup-index.js';
export { saveSnapshot, loadSnapshot } from './index/snapshot.js';
export { parseDuration } from './index/duration.js';
export { explainPair } from './verify/explain.js';
export { createComparer } from './similarity.js';

export type { DedupItem, DedupResult, DedupCounts, RunOptions, DedupStage } from './engine/dedup.js';
export type { DedupOptions, ResolvedOptions, CanonicalPolicy, RuleName } from './options.js';
export type { Decision, DecisionRule, DecisionMode } from './verify/decide.js';
export type { PairText } from './similarity.js';
export type {
  IndexOptions,
  IndexItem,
  QueryHit,
  CheckResult,
  IndexCounters,
  CheckOptions,
  QueryOptions,
} from './index/near-dup-index.js';
export type { IndexStore } from './index/store.js';
export type { RedisConnectOptions } from './index/redis-connection.js';
export type { RedisStoreOptions, RedisTarget } from './index/redis-store.js';
export type { Explanation } from './verify/explain.js';
export type { Cluster, ClusterMember, ClusterTable } from './engine/cluster-table.js';
export type { LinkStats } from './engine/link.js';
export type { IdColumn } from './engine/id-column.js';
export type { NeardupErrorCode } from './errors.js';
export type { ShingleParams } from './text/shingle.js';
export type { Permutations } from './minhash.js';
export type { BandParams, BandChoice } from './lsh.js';
export type { PrepareParams, PreparedBatch } from './engine/prepare.js';
