/**
 * The shared store: the index in Redis — one server or a Redis Cluster — so many processes on many
 * machines check against one index. The layout (`redis-layout.ts`) spreads items over 4,096 slot
 * groups and band buckets over all slots, so N masters hold about N× the items; every step sends
 * one pipeline per node, all nodes at once: a query is two such rounds (band buckets → handles, then
 * the records), an add two (the record, then its band entries). Records keep texts, not features:
 * the index recomputes those (`revive`). The parameters are stored in every group, so a process
 * with others is refused whichever shard it meets first. With a window, a sweep per node drops
 * items past it (at most every 1/64 of the window; queries skip them meanwhile).
 *
 * Failures are errors that name Redis and the URL or the cluster node (password hidden) — never
 * hangs: no offline queue, so a command while a node is away fails at once. The first connection
 * gives up after a few tries; once connected, the client reconnects with backoff (0.1 s doubling
 * to 2 s) for as long as the process runs; a cluster client follows MOVED/ASK redirections and
 * retries CLUSTERDOWN/TRYAGAIN briefly, as ioredis does, then reports them.
 */
import { describeModel } from '../verify/model-hash.js';
import { randomBytes } from 'node:crypto';
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { NeardupError } from '../errors.js';
import { crc32 } from './crc32.js';
import { NO_BAND, type StoredItem } from './item-features.js';
import { decodeRecord, encodeRecord, type ItemRecord } from './item-record.js';
import { keySlot } from './key-slot.js';
import {
  DEFAULT_BUCKETS,
  EVICT_LUA,
  FIND_LUA,
  fieldOf,
  GROUPS,
  groupOf,
  handleOf,
  LAYOUT,
  PUT_LUA,
  RedisLayout,
  LOCK_LUA,
  REMOVE_LUA,
  UNLOCK_LUA,
} from './redis-layout.js';
import type { IndexStore } from './store.js';
import { clusterSeeds, connectFailure, redisOptions, type RedisConnectOptions } from './redis-connection.js';

/** The wait before reconnect attempt `times` (1, 2, …) once connected: 0.1 s doubling, at most 2 s. */
export const reconnectDelay = (times: number): number => Math.min(100 * 2 ** Math.min(times - 1, 5), 2000);

/** Where the shared index lives: a URL (one server) or a cluster's seed nodes. */
export type RedisTarget = string | { cluster: string | readonly (string | { host: string; port: number })[] };

/** How the store is laid out and turns records back into items. */
export interface RedisStoreOptions extends RedisConnectOptions {
  /** Band buckets per band (fixed when the index is made). @default 16384 */
  buckets?: number;
}

type Reply = (string | number | Buffer | null | Reply[])[];
type Client = (Redis | Cluster) & {
  ndPutBuffer(...args: (string | number | Buffer)[]): Promise<Reply>;
  ndRemoveBuffer(...args: (string | number)[]): Promise<Reply>;
  ndFindBuffer(...args: (string | number)[]): Promise<Reply>;
};
type Pipe = ChainableCommander & Record<string, (...args: (string | number)[]) => ChainableCommander>;

/** One command of a batch: its key (which picks the node) and how to add it to that node's pipeline. */
interface Op {
  key: string;
  add(p: Pipe): void;
}

/** How long a check's band locks live should their process die holding them. */
export const LOCK_MS = 10_000;

/** Evicted or removed records per script call, so one call holds a shard only briefly. */
const EVICT_CHUNK = 1000;

const CONNECTION =
  /Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|timed out|not writeable|isn't ready|offline queue|enableOfflineQueue|Stream/i;

export class RedisStore implements IndexStore {
  readonly needsText = true;
  readonly #client: Client;
  readonly #cluster: boolean;
  readonly #layout: RedisLayout;
  readonly #revive: (r: ItemRecord) => StoredItem;
  /** The URL or seed list with passwords hidden: the only form of them this store keeps. */
  readonly #url: string;
  readonly #tls: boolean;
  readonly #sweepStep: number;
  #sweptTo = Number.NEGATIVE_INFINITY;
  /**
   * The latest `before` this process has evicted to: items older are gone as far as it is
   * concerned, swept yet or not, as they are from an in-memory index (where a later arrival dated
   * earlier does not bring them back).
   */
  #horizon = Number.NEGATIVE_INFINITY;
  #lastError: Error | undefined;

  private constructor(
    client: Client,
    cluster: boolean,
    layout: RedisLayout,
    revive: (r: ItemRecord) => StoredItem,
    url: string,
    tls: boolean,
    windowMs: number | null,
  ) {
    this.#client = client;
    this.#cluster = cluster;
    this.#layout = layout;
    this.#revive = revive;
    this.#url = url;
    this.#tls = tls;
    this.#sweepStep = windowMs === null ? 0 : Math.max(1000, windowMs / 64);
  }

  /**
   * Connects, and checks (or records) the index parameters in every group under the prefix.
   * `revive` turns a stored record back into an item (features recomputed from its texts).
   * @example const store = await RedisStore.open('redis://127.0.0.1:6379', 'feed', params, revive)
   */
  static async open(
    target: RedisTarget,
    prefix: string,
    params: { window?: number | null },
    revive: (r: ItemRecord) => StoredItem,
    connect: RedisStoreOptions = {},
  ): Promise<RedisStore> {
    if (/[{}]/.test(prefix))
      throw new NeardupError(
        'E_USAGE',
        `the index prefix "${prefix}" has a { or }: pick one without braces (they are Redis Cluster hash tags)`,
      );
    const buckets = connect.buckets ?? DEFAULT_BUCKETS;
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > 2 ** 24)
      throw new RangeError(`buckets must be a whole number from 1 to 16,777,216; got ${buckets}`);
    // Loaded on first use: the client takes 40 ms to load, which every CLI start paid.
    const { Redis, Cluster } = await import('ioredis');
    let ready = false;
    // A first connection that fails is an error for the user to fix; a later loss is waited out.
    const retry = (times: number) => (ready ? reconnectDelay(times) : times > 2 ? null : 200);
    let client: Client;
    let shown: string;
    let tls: boolean;
    const cluster = typeof target !== 'string';
    if (typeof target === 'string') {
      const r = redisOptions(target, connect);
      shown = r.shown;
      tls = r.options.tls !== undefined;
      client = new Redis({
        ...r.options,
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        retryStrategy: retry,
      }) as Client;
    } else {
      const c = clusterSeeds(target.cluster, connect);
      shown = c.shown;
      tls = c.options.tls !== undefined;
      client = new Cluster(c.nodes, {
        lazyConnect: true,
        enableOfflineQueue: false,
        clusterRetryStrategy: retry,
        slotsRefreshTimeout: 2000,
        // A command that meets a node which died without a word still ends, with the node named.
        redisOptions: { ...c.options, connectTimeout: 2000, maxRetriesPerRequest: 1, commandTimeout: 5000 },
      }) as Client;
    }
    const store = new RedisStore(
      client,
      cluster,
      new RedisLayout(prefix, buckets),
      revive,
      shown,
      tls,
      params.window ?? null,
    );
    // Failures surface on the commands that meet them; the last one says why the link is down.
    client.on('error', (error: Error) => {
      store.#lastError = error;
    });
    client.on('ready', () => {
      ready = true;
      store.#lastError = undefined;
    });
    client.defineCommand('ndPut', { numberOfKeys: 2, lua: PUT_LUA });
    client.defineCommand('ndRemove', { numberOfKeys: 2, lua: REMOVE_LUA });
    client.defineCommand('ndFind', { numberOfKeys: 1, lua: FIND_LUA });
    client.defineCommand('ndEvict', { numberOfKeys: 2, lua: EVICT_LUA });
    client.defineCommand('ndLock', { lua: LOCK_LUA });
    client.defineCommand('ndUnlock', { lua: UNLOCK_LUA });
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      client.disconnect();
      throw new NeardupError('E_IO', connectFailure(store.#lastError ?? (error as Error), shown, tls), {
        cause: error,
      });
    }
    try {
      await store.#checkParameters(prefix, params, buckets);
    } catch (error) {
      client.disconnect();
      throw error;
    }
    return store;
  }

  async #checkParameters(prefix: string, params: object, buckets: number): Promise<void> {
    const l = this.#layout;
    const old = await this.#run('read the index parameters', this.#nodeOf(l.oldMeta()), () =>
      this.#client.exists(l.oldMeta()),
    );
    if (old)
      throw new NeardupError(
        'E_USAGE',
        `the Redis index "${prefix}" at ${this.#url} has the one-slot layout of earlier neardup versions, which this version does not read; delete it (redis-cli --scan --pattern '{${prefix}}:*' | xargs redis-cli del) and add its items again, or use another --prefix`,
      );
    const meta = JSON.stringify({ ...params, layout: LAYOUT, buckets });
    const groups = Array.from({ length: GROUPS }, (_, g) => l.items(g));
    const ops: Op[] = groups.flatMap((key) => [
      { key, add: (p) => p.hsetnx(key, '=', meta) },
      { key, add: (p) => p.hget(key, '=') },
    ]);
    const replies = await this.#batch(ops, 'read the index parameters');
    for (let k = 1; k < replies.length; k += 2) {
      const existing = replies[k] as string;
      let was: { model?: string | null } = {};
      try {
        was = JSON.parse(existing) as typeof was;
      } catch {
        // Not JSON: the generic message below says what it holds.
      }
      const now = (params as { model?: string | null }).model;
      if (existing !== meta && was !== null && 'model' in was && was.model !== now && now !== undefined)
        throw new NeardupError(
          'E_USAGE',
          `the Redis index "${prefix}" at ${this.#url} was built with model ${describeModel(was.model)}, and this process decides with ${describeModel(now)}; pass the --model file it was built with, or use another --prefix`,
        );
      if (existing !== meta)
        throw new NeardupError(
          'E_USAGE',
          `the Redis index "${prefix}" at ${this.#url} was built with other parameters (${existing}); use the same options or another --prefix`,
        );
    }
  }

  /** The node (host:port) that serves a key; one name for a single server. */
  #nodeOf(key: string): string {
    if (!this.#cluster) return this.#url;
    return (this.#client as Cluster).slots[keySlot(key)]?.[0] ?? 'an unknown node';
  }

  #fail(error: unknown, what: string, node: string): NeardupError {
    const message = (error as Error).message ?? String(error);
    if (!this.#cluster) {
      if (this.#client.status !== 'ready') {
        const why = this.#lastError
          ? connectFailure(this.#lastError, this.#url, this.#tls)
          : `Redis at ${this.#url} is not connected`;
        return new NeardupError('E_IO', `cannot ${what}: ${why}; reconnecting`, { cause: error });
      }
      return new NeardupError('E_IO', `Redis at ${this.#url} failed to ${what}: ${message}`, {
        cause: error,
      });
    }
    if (/^CLUSTERDOWN/.test(message))
      return new NeardupError(
        'E_IO',
        `cannot ${what}: the Redis Cluster (${this.#url}) is down (${message}) — a master (${node} serves this key) is unreachable with no replica to take over; restart it`,
        { cause: error },
      );
    if (CONNECTION.test(message) || this.#client.status !== 'ready')
      return new NeardupError(
        'E_IO',
        `cannot ${what}: Redis Cluster node ${node} is not reachable (${message}) — is its redis-server running? (cluster ${this.#url}; it answers again once the node is back or failed over)`,
        { cause: error },
      );
    return new NeardupError('E_IO', `Redis Cluster node ${node} failed to ${what}: ${message}`, {
      cause: error,
    });
  }

  /** The URL (or cluster seeds) this store talks to, passwords hidden. */
  get url(): string {
    return this.#url;
  }

  /** Whether Redis answers now (a PING to every master), and if not, why, in words (no password). */
  async ready(): Promise<{ ready: true } | { ready: false; error: string }> {
    try {
      const nodes = this.#cluster ? (this.#client as Cluster).nodes('master') : [this.#client as Redis];
      if (nodes.length === 0) throw this.#fail(new Error('no master is known'), 'reach Redis', this.#url);
      await Promise.all(
        nodes.map((n) => this.#run('reach Redis', `${n.options.host}:${n.options.port}`, () => n.ping())),
      );
      return { ready: true };
    } catch (error) {
      return { ready: false, error: (error as Error).message };
    }
  }

  #roundTrips = 0;

  /** Requests sent to Redis nodes (a pipeline counts once per node), since the store was opened. */
  get roundTrips(): number {
    return this.#roundTrips;
  }

  async #run<T>(what: string, node: string, f: () => Promise<T>): Promise<T> {
    this.#roundTrips++;
    try {
      return await f();
    } catch (error) {
      throw this.#fail(error, what, node);
    }
  }

  /**
   * Runs commands as one pipeline per node, all nodes at once; replies in the order of `ops`.
   * ioredis sends a cluster pipeline to the node of its keys and follows MOVED/ASK for it.
   */
  async #batch(ops: Op[], what: string): Promise<unknown[]> {
    const byNode = new Map<string, number[]>();
    for (let k = 0; k < ops.length; k++) {
      const node = this.#nodeOf(ops[k].key);
      const list = byNode.get(node);
      if (list) list.push(k);
      else byNode.set(node, [k]);
    }
    const out: unknown[] = new Array(ops.length);
    await Promise.all(
      [...byNode].map(async ([node, list]) => {
        const p = this.#client.pipeline() as Pipe;
        for (const k of list) ops[k].add(p);
        this.#roundTrips++;
        let results: [Error | null, unknown][] | null;
        try {
          results = await p.exec();
        } catch (error) {
          throw this.#fail(error, what, node);
        }
        const failed = results?.find(([err]) => err);
        if (!results || failed) throw this.#fail(failed?.[0] ?? new Error('no reply'), what, node);
        for (let i = 0; i < list.length; i++) out[list[i]] = results[i][1];
      }),
    );
    return out;
  }

  /** The group and first probe field of an id. */
  #home(id: string): { group: number; start: number } {
    const h = crc32(Buffer.from(id, 'utf8'));
    return { group: groupOf(h), start: fieldOf(h) };
  }

  #record(item: StoredItem): Buffer {
    return encodeRecord({
      id: item.id,
      text: item.text ?? '',
      bodyText: item.bodyText ?? '',
      time: item.time,
      date: item.date,
      seq: item.seq,
    });
  }

  /** Band-entry commands: add `item`'s under `handle`, remove `previous`'s where `item` has none. */
  #bandOps(handle: number, item: StoredItem | undefined, previous: StoredItem | undefined): Op[] {
    const ops: Op[] = [];
    const keys = new Set<string>();
    if (item)
      for (let b = 0; b < item.bands.length; b++) {
        if (item.bands[b] === NO_BAND) continue;
        const { key, score } = this.#layout.band(b, item.bands[b]);
        keys.add(key);
        ops.push({ key, add: (p) => p.zadd(key, score, handle) });
      }
    if (previous)
      for (let b = 0; b < previous.bands.length; b++) {
        if (previous.bands[b] === NO_BAND) continue;
        const { key } = this.#layout.band(b, previous.bands[b]);
        if (!keys.has(key)) ops.push({ key, add: (p) => p.zrem(key, handle) });
      }
    return ops;
  }

  async candidates(bands: Uint32Array): Promise<StoredItem[]> {
    const ops: Op[] = [];
    for (let b = 0; b < bands.length; b++) {
      if (bands[b] === NO_BAND) continue;
      const { key, score } = this.#layout.band(b, bands[b]);
      ops.push({ key, add: (p) => p.zrangebyscore(key, score, score) });
    }
    if (ops.length === 0) return [];
    const handles = new Set<number>();
    for (const members of (await this.#batch(ops, 'query')) as string[][])
      for (const m of members) handles.add(Number(m));
    if (handles.size === 0) return [];
    const fields = new Map<number, number[]>();
    for (const h of handles) {
      const g = groupOf(h);
      const list = fields.get(g);
      if (list) list.push(fieldOf(h));
      else fields.set(g, [fieldOf(h)]);
    }
    const groups = [...fields.keys()];
    const replies = (await this.#batch(
      groups.map((g) => {
        const key = this.#layout.items(g);
        return { key, add: (p) => p.hmgetBuffer(key, ...fields.get(g)!.map(String)) };
      }),
      'query',
    )) as (Buffer | null)[][];
    const out: StoredItem[] = [];
    for (const values of replies)
      for (const v of values) {
        if (v === null || v.length === 0) continue;
        const item = this.#revive(decodeRecord(v));
        if (item.time < this.#horizon) continue;
        // A stale entry (its item removed or replaced, the band entry not yet) shares no band.
        let shares = false;
        for (let b = 0; b < bands.length && !shares; b++)
          shares = bands[b] !== NO_BAND && item.bands[b] === bands[b];
        if (shares) out.push(item);
      }
    return out;
  }

  async put(item: StoredItem, ttlMs?: number): Promise<void> {
    const { group, start } = this.#home(item.id);
    const items = this.#layout.items(group);
    const [field, previous] = await this.#run('add an item', this.#nodeOf(items), () =>
      this.#client.ndPutBuffer(
        items,
        this.#layout.times(group),
        start,
        item.id,
        this.#record(item),
        ttlMs === undefined ? '' : item.time,
      ),
    );
    const prev = (previous as Buffer).length > 0 ? this.#revive(decodeRecord(previous as Buffer)) : undefined;
    await this.#batch(this.#bandOps(handleOf(group, field as number), item, prev), 'add an item');
  }

  /**
   * Locks the band hashes of the items about to be checked and added, so that no other process
   * checks a possible duplicate of them until `release`: every lock at once (one pipeline per
   * node, SET NX with an expiry); when another holder has any, those taken are given back and
   * the whole set tried again after a random wait (no holder waits on another while holding,
   * so no deadlock). A lock expires after `LOCK_MS` should its process die holding it.
   * Gives up with NeardupError 'E_TIMEOUT' at `deadline` (default: `LOCK_MS` from now).
   */
  async lock(bands: Uint32Array[], deadline?: number): Promise<() => Promise<void>> {
    const groups = new Map<string, Set<string>>();
    for (const item of bands)
      for (let b = 0; b < item.length; b++) {
        if (item[b] === NO_BAND) continue;
        const { group, key } = this.#layout.lock(b, item[b]);
        const keys = groups.get(group);
        if (keys) keys.add(key);
        else groups.set(group, new Set([key]));
      }
    if (groups.size === 0) return async () => {};
    const list = [...groups].map(([group, keys]) => ({ group, keys: [...keys] }));
    const token = `${process.pid}:${randomBytes(8).toString('hex')}`;
    // One script per group (its keys share a slot): numkeys, the keys, then the arguments.
    const script =
      (name: 'ndLock' | 'ndUnlock', keys: string[], ...args: (string | number)[]) =>
      (p: Pipe) =>
        p[name](keys.length, ...keys, token, ...args);
    const give = async (taken: { group: string; keys: string[] }[]) => {
      if (taken.length > 0)
        await this.#batch(
          taken.map(({ group, keys }) => ({ key: group, add: script('ndUnlock', keys) })),
          'release the check locks',
        );
    };
    // Released without waiting for the reply: the unlocks are sent after the item's writes were
    // acknowledged, which is all another process needs; a later check here on the same keys
    // follows them on the same connection. close() waits for those still under way, and one
    // that fails leaves the lock to expire.
    const release = async () => {
      const done = give(list).catch(() => {});
      this.#releasing.add(done);
      void done.finally(() => this.#releasing.delete(done));
    };
    const until = deadline ?? Date.now() + LOCK_MS;
    for (let attempt = 0; ; attempt++) {
      const replies = await this.#batch(
        list.map(({ group, keys }) => ({ key: group, add: script('ndLock', keys, LOCK_MS) })),
        'lock the bands of a check',
      );
      const taken = list.filter((_, k) => Number(replies[k]) === 1);
      if (taken.length === list.length) return release;
      this.#lockWaits++;
      await give(taken);
      if (Date.now() > until)
        throw new NeardupError(
          'E_TIMEOUT',
          'gave up waiting for another process checking a possible duplicate of this item (its band locks)',
        );
      // Random backoff, growing: two writers released at the same instant do not meet again.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** attempt, 50)));
    }
  }

  #lockWaits = 0;
  readonly #releasing = new Set<Promise<void>>();

  /** Times a check found another process's lock on one of its bands and tried again. */
  get lockWaits(): number {
    return this.#lockWaits;
  }

  async get(id: string): Promise<StoredItem | undefined> {
    const { group, start } = this.#home(id);
    const items = this.#layout.items(group);
    const reply = await this.#run('read an item', this.#nodeOf(items), () =>
      this.#client.ndFindBuffer(items, start, id),
    );
    if (reply.length === 0) return undefined;
    const item = this.#revive(decodeRecord(reply[1] as Buffer));
    return item.time < this.#horizon ? undefined : item;
  }

  async remove(id: string): Promise<boolean> {
    const { group, start } = this.#home(id);
    const items = this.#layout.items(group);
    const reply = await this.#run('remove an item', this.#nodeOf(items), () =>
      this.#client.ndRemoveBuffer(items, this.#layout.times(group), start, id),
    );
    if (reply.length === 0) return false;
    const gone = this.#revive(decodeRecord(reply[1] as Buffer));
    await this.#batch(this.#bandOps(handleOf(group, reply[0] as number), undefined, gone), 'remove an item');
    return true;
  }

  /**
   * Removes items whose time is before `before`, on every node. `lazy` (the index's own sweeps on
   * check and add) skips the sweep until `before` has moved 1/64 of the window since the last: a
   * sweep reads every group's oldest time, and queries ignore items before the latest `before` anyway.
   */
  async evictBefore(before: number, lazy = false): Promise<number> {
    this.#horizon = Math.max(this.#horizon, before);
    if (lazy && before < this.#sweptTo + this.#sweepStep) return 0;
    this.#sweptTo = before;
    const l = this.#layout;
    const oldest = (await this.#batch(
      Array.from({ length: GROUPS }, (_, g) => {
        const key = l.times(g);
        return { key, add: (p: Pipe) => p.zrange(key, 0, 0, 'WITHSCORES') };
      }),
      'evict',
    )) as string[][];
    let due = oldest.flatMap((o, g) => (o.length === 2 && Number(o[1]) < before ? [g] : []));
    let evicted = 0;
    while (due.length > 0) {
      const replies = (await this.#batch(
        due.map((g) => ({
          key: l.items(g),
          add: (p: Pipe) => p.ndEvictBuffer(l.items(g), l.times(g), before, EVICT_CHUNK),
        })),
        'evict',
      )) as Buffer[][];
      const ops: Op[] = [];
      replies.forEach((r, k) => {
        for (let i = 0; i < r.length; i += 2) {
          const gone = this.#revive(decodeRecord(r[i + 1]));
          ops.push(...this.#bandOps(handleOf(due[k], Number(r[i].toString())), undefined, gone));
          evicted++;
        }
      });
      await this.#batch(ops, 'evict');
      due = due.filter((_, k) => replies[k].length === 2 * EVICT_CHUNK);
    }
    return evicted;
  }

  async size(): Promise<number> {
    const counts = await this.#batch(
      Array.from({ length: GROUPS }, (_, g) => {
        const key = this.#layout.items(g);
        return { key, add: (p: Pipe) => p.hget(key, '#') };
      }),
      'count items',
    );
    return counts.reduce<number>((n, c) => n + Number(c ?? 0), 0);
  }

  /** Deletes every key of this index, on every node (for tests and `--reset`). */
  async clear(): Promise<void> {
    const nodes = this.#cluster ? (this.#client as Cluster).nodes('master') : [this.#client as Redis];
    await Promise.all(
      nodes.map(async (n) => {
        const node = this.#cluster ? `${n.options.host}:${n.options.port}` : this.#url;
        for (const pattern of this.#layout.patterns()) {
          let cursor = '0';
          do {
            const [next, keys] = await this.#run('clear', node, () =>
              n.scan(cursor, 'MATCH', pattern, 'COUNT', 1000),
            );
            // One key a command: in a cluster, keys of one node may lie in many slots.
            if (keys.length > 0) {
              const p = n.pipeline();
              for (const k of keys) p.unlink(k);
              await this.#run('clear', node, () => p.exec());
            }
            cursor = next;
          } while (cursor !== '0');
        }
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#releasing);
    this.#client.disconnect();
  }
}
