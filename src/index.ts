/**
 * neardup's public API: the high-level entry points a user calls. Named exports only;
 * `test/exports.test.ts` pins this list. The building blocks (shingling, MinHash, LSH banding,
 * batch preparation) are in the `neardup/sketch` subpath (`src/sketch.ts`).
 */
export { dedup } from './engine/dedup.js';
export { compare } from './similarity.js';
export { explainPair as explain } from './verify/explain.js';
export { resolveOptions, DEFAULTS, CANONICAL_POLICIES, RULE_NAMES } from './options.js';
export { createPool, defaultThreads } from './engine/pool.js';
export { NeardupError } from './errors.js';
export { NearDupIndex } from './index/near-dup-index.js';
export { saveSnapshot, loadSnapshot } from './index/snapshot.js';

export type { DedupItem, DedupResult, DedupCounts, RunOptions, DedupStage } from './engine/dedup.js';
export type { DedupOptions, ResolvedOptions, CanonicalPolicy, RuleName } from './options.js';
export type { Decision, DecisionRule, DecisionMode } from './verify/decide.js';
export type { PairText } from './similarity.js';
export type {
  IndexOptions,
  IndexItem,
  QueryItem,
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
