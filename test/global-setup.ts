/**
 * Runs once before the test files: says once which tiers of tests this machine skips and why (a
 * fresh clone has no ../shared, Redis or Chromium; the package test needs npm), and in
 * CI, where each must be there, fails the run instead.
 */
import { chromiumMissing } from './helpers/chromium.js';
import { packMissing } from './helpers/pack.js';
import { redisClusterMissing, redisMissing } from './helpers/redis.js';
import { haveSharedData, SHARED_DATA } from './helpers/shared-data.js';

export default function setup(): void {
  const skipped = [
    haveSharedData() ? undefined : `full-corpus tests: ${SHARED_DATA} not found`,
    ((r) => r && `Redis tests: ${r}`)(redisMissing()),
    ((r) => r && `Redis Cluster tests: ${r}`)(redisClusterMissing()),
    ((r) => r && `report browser test: ${r}`)(chromiumMissing()),
    ((r) => r && `package test: ${r}`)(packMissing()),
  ].filter((s) => s !== undefined);
  for (const s of skipped) console.warn(`SKIPPED ${s}`);
}
