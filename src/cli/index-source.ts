/**
 * Opening the index a command works on: a snapshot file (`--index FILE`), one Redis server
 * (`--redis URL`) or a Redis Cluster (`--redis-cluster host:port,…`), each shared one with
 * `--prefix P`, with the engine flags and `--window`.
 */
import type { Command } from 'commander';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NeardupError } from '../errors.js';
import { NearDupIndex, type IndexOptions } from '../online/near-dup-index.js';
import { passwordFromEnvironment, redactUrl } from '../online/redis-connection.js';
import { readFileSync } from 'node:fs';
import { loadSnapshot, saveSnapshot } from '../online/snapshot.js';
import { WriteLog } from '../online/write-log.js';
import { addEngineFlags, engineOptions, type EngineFlags } from './engine-flags.js';

export interface IndexFlags extends EngineFlags {
  index?: string;
  /** The URL, or true for a bare --redis (the URL from REDIS_URL). */
  redis?: string | true;
  /** Seed nodes of a Redis Cluster, comma-separated. */
  redisCluster?: string;
  redisBuckets?: string;
  redisPasswordFile?: string;
  redisCa?: string;
  prefix: string;
  window?: string;
}

export function addIndexFlags(cmd: Command): Command {
  cmd
    .option('--index <file>', 'an index snapshot file (neardup index build)')
    .option(
      '--redis [url]',
      'a shared index in Redis, e.g. redis://127.0.0.1:6379 (rediss:// for TLS); bare --redis reads the URL from REDIS_URL',
    )
    .option(
      '--redis-cluster <nodes>',
      'a shared index in a Redis Cluster, its masters sharing the items: seed nodes as host:port[,host:port…] (or redis:// URLs)',
    )
    .option(
      '--redis-buckets <n>',
      'band buckets per band of a new shared index (default 16384: about 90 entries each at 1.5 million items; more for bigger indexes)',
    )
    .option(
      '--redis-password-file <file>',
      'read the Redis password from this file (else REDIS_PASSWORD, else the URL): keeps it off the command line',
    )
    .option(
      '--redis-ca <file>',
      'PEM file of the CA that signed the Redis server certificate (rediss:// URLs)',
    )
    .option('--prefix <name>', 'key prefix of the index in Redis', 'neardup')
    .option(
      '--window <duration>',
      'evict items older than this, e.g. 48h or 7d (by their date, else the time they were added)',
    );
  return addEngineFlags(cmd);
}

export function indexOptions(flags: IndexFlags): IndexOptions {
  return { ...engineOptions(flags), window: flags.window };
}

/** True when the flags set any engine option (which a snapshot must then match). */
function explicitOptions(flags: IndexFlags): IndexOptions {
  return Object.fromEntries(
    Object.entries(indexOptions(flags)).filter(
      ([k, v]) => v !== undefined && !(k === 'foldScript' && v === true) && !(k === 'verify' && v === true),
    ),
  ) as IndexOptions;
}

/**
 * The index named by --index or --redis. A missing snapshot file is an error unless
 * `createMissing` (then a new, empty index with the flags' options).
 */
export async function openIndex(
  flags: IndexFlags,
  createMissing: boolean,
  createFlag?: string,
): Promise<NearDupIndex> {
  const named = [flags.index, flags.redis, flags.redisCluster].filter((f) => f !== undefined).length;
  if (named !== 1) {
    throw new NeardupError(
      'E_USAGE',
      'name exactly one index: --index FILE (a snapshot), --redis URL or --redis-cluster host:port,… (shared)',
    );
  }
  if (flags.redis !== undefined || flags.redisCluster !== undefined) {
    const target = flags.redisCluster !== undefined ? { cluster: flags.redisCluster } : redisUrl(flags);
    let buckets: number | undefined;
    if (flags.redisBuckets !== undefined) {
      buckets = Number(flags.redisBuckets);
      if (!Number.isInteger(buckets) || buckets < 1)
        throw new NeardupError(
          'E_USAGE',
          `--redis-buckets must be a whole number ≥ 1; got ${flags.redisBuckets}`,
        );
    }
    let ca: Buffer | undefined;
    if (flags.redisCa !== undefined) {
      try {
        ca = readFileSync(flags.redisCa);
      } catch (error) {
        throw new NeardupError(
          'E_IO',
          `cannot read the Redis CA file ${flags.redisCa}: ${(error as Error).message}`,
        );
      }
    }
    return NearDupIndex.connect(target, {
      ...indexOptions(flags),
      prefix: flags.prefix,
      password: passwordFromEnvironment(flags.redisPasswordFile),
      ca,
      ...(buckets !== undefined ? { buckets } : {}),
    });
  }
  const exists = await stat(flags.index!).then(
    () => true,
    () => false,
  );
  if (!exists) {
    if (createMissing) return new NearDupIndex(indexOptions(flags));
    throw new NeardupError(
      'E_IO',
      `index snapshot ${flags.index} does not exist; build one with neardup index build INPUT --index ${flags.index}${createFlag ? `, or pass ${createFlag} to start an empty one` : ''}`,
    );
  }
  return loadSnapshot(flags.index!, explicitOptions(flags));
}

/** The Redis URL of --redis URL, or of REDIS_URL for a bare --redis. */
export function redisUrl(flags: IndexFlags): string {
  if (typeof flags.redis === 'string') return flags.redis;
  const env = process.env.REDIS_URL;
  if (env === undefined || env === '')
    throw new NeardupError('E_USAGE', '--redis without a URL reads it from REDIS_URL, which is not set');
  return env;
}

/** The shared index's place for messages: the URL or the cluster's seeds, passwords hidden. */
export function redisPlace(flags: IndexFlags): string {
  return flags.redisCluster !== undefined
    ? `redis cluster ${flags.redisCluster
        .split(',')
        .map((s) => redactUrl(s.trim()))
        .join(',')}`
    : `redis ${redactUrl(redisUrl(flags))}`;
}

/** Saves a snapshot-backed index back to its file (Redis needs no saving). */
export async function saveIndex(index: NearDupIndex, flags: IndexFlags): Promise<void> {
  if (flags.index !== undefined) await saveSnapshot(index, flags.index);
}

/**
 * Locks a snapshot for writing (serve, check --add): the lock file a second writer is refused
 * by, the write log opened, the folder proved writable, and a snapshot file marked read-only
 * refused rather than silently replaced.
 */
export async function lockForWriting(snapshot: string): Promise<WriteLog> {
  const mode = await stat(snapshot).then(
    (s) => s.mode,
    () => undefined,
  );
  if (mode !== undefined && (mode & 0o222) === 0)
    throw new NeardupError(
      'E_IO',
      `index snapshot ${snapshot} is read-only; --add would replace it (chmod u+w it, or check without --add)`,
    );
  const log = await WriteLog.open(snapshot);
  try {
    await access(dirname(snapshot), constants.W_OK);
  } catch (error) {
    await log.close();
    throw new NeardupError(
      'E_IO',
      `cannot write beside index snapshot ${snapshot}: ${(error as Error).message}`,
    );
  }
  return log;
}
