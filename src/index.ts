/**
 * neardup's public API: the high-level entry points a user calls. Named exports only;
 * `test/exports.test.ts` pins this list. The building blocks (shingling, MinHash, LSH banding,
 * batch preparation) are in the `neardup/sketch` subpath (`src/sketch.ts`).
 */
export { dedup } from './engine/dedup.js';
export { compare } from './compare/similarity.js';
export { explainPair as explain } from './compare/explain.js';
export { resolveOptions, DEFAULTS, CANONICAL_POLICIES, RULE_NAMES } from './options/options.js';
export { createPool, defaultThreads } from './engine/pool.js';
export { NeardupError } from './errors.js';
export { NearDupIndex } from './online/near-dup-index.js';
export { saveSnapshot, loadSnapshot } from './online/snapshot.js';

export type {
  BatchOptions,
  DedupItem,
  DedupResult,
  DedupCounts,
  RunOptions,
  DedupStage,
} from './engine/dedup.js';
export type { DedupOptions, ResolvedOptions, CanonicalPolicy, RuleName } from './options/options.js';
export type { Decision, DecisionRule, DecisionMode } from './verify/decide.js';
export type { PairText } from './compare/similarity.js';
export type {
  IndexOptions,
  IndexItem,
  QueryItem,
  QueryHit,
  CheckResult,
  IndexCounters,
  CheckOptions,
  AddOptions,
  BatchCheckOptions,
  QueryOptions,
} from './online/near-dup-index.js';
export type { IndexStore } from './online/store.js';
export type { RedisConnectOptions } from './online/redis-connection.js';
export type { RedisStoreOptions, RedisTarget } from './online/redis-store.js';
export type { Explanation } from './compare/explain.js';
export type { Cluster, ClusterMember, ClusterTable } from './cluster/cluster-table.js';
export type { LinkStats } from './link/link-corpus.js';
export type { IdColumn } from './prepare/id-column.js';
export type { WorkerPool } from './engine/pool.js';
export type { NeardupErrorCode } from './errors.js';
