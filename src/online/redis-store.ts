/**
 * The shared store: the index in Redis, so many processes on many machines check against one
 * index. A query is one round trip (a Lua script unions the band sets and returns the items),
 * an add is one pipelined round trip; items expire with the window (Redis TTL) and a sorted set
 * by time drives eviction and size. Every key of an index starts with `{prefix}` (a hash tag, so
 * a Redis Cluster keeps them in one slot), and the index's parameters are stored beside it: a
 * process with other parameters is refused. Failures are errors that name Redis and the URL
 * (its password hidden) — never hangs: no offline queue, so a command while Redis is away fails
 * at once. The first connection gives up after a few tries; once connected, the client
 * reconnects with backoff (0.1 s doubling to 2 s) for as long as the process runs.
 */
import type { Redis } from 'ioredis';
import { NeardupError } from '../errors.js';
import { decodeItem, encodeItem } from './item-codec.js';
import { NO_BAND, type StoredItem } from './item-features.js';
import type { IndexStore } from './store.js';
import { connectFailure, redisOptions, type RedisConnectOptions } from './redis-connection.js';

/** The wait before reconnect attempt `times` (1, 2, …) once connected: 0.1 s doubling, at most 2 s. */
export const reconnectDelay = (times: number): number => Math.min(100 * 2 ** Math.min(times - 1, 5), 2000);

const CANDIDATES_LUA = `
local ids = redis.call('SUNION', unpack(KEYS))
local out = {}
for _, id in ipairs(ids) do
  local v = redis.call('GET', ARGV[1] .. id)
  if v then
    out[#out + 1] = v
  end
end
return out
`;

type RedisWithScripts = Redis & { ndCandidatesBuffer(...args: (string | number)[]): Promise<Buffer[]> };

export class RedisStore implements IndexStore {
  readonly #redis: RedisWithScripts;
  readonly #p: string;
  /** The URL with its password hidden: the only form of it this store keeps. */
  readonly #url: string;
  readonly #tls: boolean;
  #lastError: Error | undefined;

  private constructor(redis: Redis, prefix: string, url: string, tls: boolean) {
    this.#redis = redis as RedisWithScripts;
    this.#p = `{${prefix}}`;
    this.#url = url;
    this.#tls = tls;
  }

  /**
   * Connects, and checks (or records) the index parameters under the prefix.
   * @example const store = await RedisStore.open('redis://127.0.0.1:6379', 'feed', params)
   */
  static async open(
    url: string,
    prefix: string,
    params: object,
    connect: RedisConnectOptions = {},
  ): Promise<RedisStore> {
    const { shown, options } = redisOptions(url, connect);
    // Loaded on first use: the client takes 40 ms to load, which every CLI start paid.
    const { Redis } = await import('ioredis');
    let ready = false;
    const redis = new Redis({
      ...options,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      // A first connection that fails is an error for the user to fix; a later loss is waited out.
      retryStrategy: (times) => (ready ? reconnectDelay(times) : times > 2 ? null : 200),
    });
    const store = new RedisStore(redis, prefix, shown, options.tls !== undefined);
    // Failures surface on the commands that meet them; the last one says why the link is down.
    redis.on('error', (error: Error) => {
      store.#lastError = error;
    });
    redis.on('ready', () => {
      ready = true;
      store.#lastError = undefined;
    });
    redis.defineCommand('ndCandidates', { lua: CANDIDATES_LUA });
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      throw new NeardupError(
        'E_IO',
        connectFailure(store.#lastError ?? (error as Error), shown, store.#tls),
        { cause: error },
      );
    }
    const meta = JSON.stringify(params);
    const key = `${store.#p}:meta`;
    const existing = await store.#run('read the index parameters', () => redis.set(key, meta, 'NX', 'GET'));
    if (existing !== null && existing !== meta) {
      redis.disconnect();
      throw new NeardupError(
        'E_USAGE',
        `the Redis index "${prefix}" at ${shown} was built with other parameters (${existing}); use the same options or another --prefix`,
      );
    }
    return store;
  }

  #fail(error: unknown, what: string): NeardupError {
    if (this.#redis.status !== 'ready') {
      const why = this.#lastError
        ? connectFailure(this.#lastError, this.#url, this.#tls)
        : `Redis at ${this.#url} is not connected`;
      return new NeardupError('E_IO', `cannot ${what}: ${why}; reconnecting`, { cause: error });
    }
    return new NeardupError('E_IO', `Redis at ${this.#url} failed to ${what}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  /** The URL this store talks to, its password hidden. */
  get url(): string {
    return this.#url;
  }

  /** Whether Redis answers now (a PING), and if not, why, in words (no password). */
  async ready(): Promise<{ ready: true } | { ready: false; error: string }> {
    try {
      await this.#run('reach Redis', () => this.#redis.ping());
      return { ready: true };
    } catch (error) {
      return { ready: false, error: (error as Error).message };
    }
  }

  async #run<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (error) {
      throw this.#fail(error, what);
    }
  }

  #bandKey(band: number, hash: number): string {
    return `${this.#p}:b:${band}:${hash}`;
  }

  async candidates(bands: Uint32Array): Promise<StoredItem[]> {
    const keys = Array.from(bands, (h, b) => (h === NO_BAND ? '' : this.#bandKey(b, h))).filter(
      (k) => k !== '',
    );
    if (keys.length === 0) return [];
    const values = await this.#run('query', () =>
      this.#redis.ndCandidatesBuffer(keys.length, ...keys, `${this.#p}:i:`),
    );
    return values.map((v) => decodeItem(v));
  }

  async put(item: StoredItem, ttlMs?: number): Promise<void> {
    const r = this.#redis.pipeline();
    const itemKey = `${this.#p}:i:${item.id}`;
    if (ttlMs !== undefined) r.set(itemKey, encodeItem(item), 'PX', Math.ceil(ttlMs));
    else r.set(itemKey, encodeItem(item));
    r.zadd(`${this.#p}:t`, item.time, item.id);
    for (let b = 0; b < item.bands.length; b++) {
      if (item.bands[b] === NO_BAND) continue;
      const key = this.#bandKey(b, item.bands[b]);
      r.sadd(key, item.id);
      if (ttlMs !== undefined) r.pexpire(key, Math.ceil(ttlMs));
    }
    await this.#exec(r, 'add an item');
  }

  async #exec(pipeline: ReturnType<Redis['pipeline']>, what: string): Promise<unknown[]> {
    const results = await this.#run(what, () => pipeline.exec());
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw this.#fail(failed?.[0] ?? new Error('no reply'), what);
    return results.map(([, v]) => v);
  }

  async get(id: string): Promise<StoredItem | undefined> {
    const v = await this.#run('read an item', () => this.#redis.getBuffer(`${this.#p}:i:${id}`));
    return v ? decodeItem(v) : undefined;
  }

  async remove(id: string): Promise<boolean> {
    const item = await this.get(id);
    const r = this.#redis.pipeline();
    r.del(`${this.#p}:i:${id}`);
    r.zrem(`${this.#p}:t`, id);
    if (item)
      for (let b = 0; b < item.bands.length; b++)
        if (item.bands[b] !== NO_BAND) r.srem(this.#bandKey(b, item.bands[b]), id);
    const [deleted] = (await this.#exec(r, 'remove an item')) as number[];
    return deleted > 0;
  }

  async evictBefore(before: number): Promise<number> {
    const ids = await this.#run('evict', () =>
      this.#redis.zrangebyscore(`${this.#p}:t`, '-inf', `(${before}`),
    );
    let evicted = 0;
    for (const id of ids) if (await this.remove(id)) evicted++;
    // Items that expired by TTL are gone already; drop their entries in the time set too.
    if (ids.length > 0)
      await this.#run('evict', () => this.#redis.zremrangebyscore(`${this.#p}:t`, '-inf', `(${before}`));
    return evicted;
  }

  async size(): Promise<number> {
    return this.#run('count items', () => this.#redis.zcard(`${this.#p}:t`));
  }

  /** Deletes every key of this index (for tests and `--reset`). */
  async clear(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.#run('clear', () =>
        this.#redis.scan(cursor, 'MATCH', `${this.#p}:*`, 'COUNT', 1000),
      );
      if (keys.length > 0) await this.#run('clear', () => this.#redis.del(...keys));
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
  }
}
