/**
 * The online index for news feeds: "is this new headline a near-duplicate of one we already
 * showed, and of which?" Items are shingled, signed and banded exactly as in batch dedup;
 * candidates come from the store's band tables and every one is verified with the same
 * headline rules, so the index and `dedup` decide alike. Items older than the window are evicted.
 * A query sharing bands with more than `maxBucket` items verifies only the `maxBucket` that share
 * the most (and says so: `capped`), as batch dedup bounds its giant buckets.
 */
import { parseDate } from '../read/dates.js';
import { NeardupError } from '../errors.js';
import { resolveOptions, ruleOptions, type DedupOptions, type ResolvedOptions } from '../options/options.js';
import { checkOptionKeys } from '../options/option-keys.js';
import { emptySketch, SketchStats, sketchStats, type CorpusStats } from '../verify/corpus-stats.js';
import { bodyDecision } from '../verify/body-decision.js';
import { decide, type RuleOptions } from '../verify/decide.js';
import { arrival } from './arrival.js';
import { parseDuration } from './duration.js';
import { FeatureMaker, NO_BAND, storedView, type StoredItem } from './item-features.js';
import { MemoryStore } from './memory-store.js';
import type { ItemRecord } from './item-record.js';
import { RedisStore, type RedisStoreOptions, type RedisTarget } from './redis-store.js';
import type { IndexStore } from './store.js';

export interface IndexOptions extends DedupOptions {
  /** Evict items older than this, by their date or, without one, when they were added: '48h', '7d' or ms. @default none */
  window?: string | number;
}

export interface IndexItem {
  id: string | number;
  text: string;
  /** The article body, compared when the index's `match` is not `title`. */
  body?: string;
  /** The item's date; without one, the time it is added is used for the window. */
  date?: unknown;
}

/** What `query` looks for: an item's fields without its id (or just the text, as a string). */
export type QueryItem = Omit<IndexItem, 'id'>;

export interface QueryHit {
  id: string;
  similarity: number;
}

export interface CheckResult {
  duplicate: boolean;
  /**
   * The indexed item this one is a verified duplicate of: the most similar, ties to the one that
   * arrived first. (`check` adds only items that are not duplicates, so this is a kept item.)
   */
  of?: string;
  /** Similarity to `of`. */
  similarity?: number;
  /**
   * Not a duplicate, but a possible one (the learned decision's second tier): the indexed item
   * it most probably repeats. The item is added all the same; a reader decides.
   */
  possibleOf?: string;
  /** The probability of the pair with `possibleOf`. */
  probability?: number;
  /**
   * True when more than `maxBucket` indexed items shared a band with this one and only the
   * `maxBucket` sharing the most bands were verified (see `NearDupIndex`).
   */
  capped?: true;
}

/** What the index has had to bound since it was made. */
export interface IndexCounters {
  /** Checks and queries with more than `maxBucket` candidates, of which only `maxBucket` were verified. */
  cappedQueries: number;
  /** Candidates those left unverified, all together. */
  skippedCandidates: number;
}

export interface QueryOptions {
  /** At least the index's threshold (its bands are tuned for that); stricter is fine. */
  threshold?: number;
  /** At most this many hits. @default 10 */
  limit?: number;
  /** @deprecated Give the date in the query item, as `check` takes it: `query({ text, date })`. */
  date?: unknown;
  /** @deprecated Give the body in the query item, as `check` takes it: `query({ text, body })`. */
  body?: string;
  /** Give up (NeardupError 'E_TIMEOUT') once `Date.now()` passes this, between candidates. @default none */
  deadline?: number;
}

export interface CheckOptions {
  /**
   * Give up (NeardupError 'E_TIMEOUT', nothing added) once `Date.now()` passes this; checked
   * between candidates, so it bounds a check by about one pair's decision past it. @default none
   */
  deadline?: number;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** `NearDupIndex.connect`'s options: the index's, the key prefix, and the connection's. */
export interface ConnectOptions extends IndexOptions, RedisStoreOptions {
  /** Every key of the index starts with it: indexes with other prefixes share a server apart. @default 'neardup' */
  prefix?: string;
}

export class NearDupIndex {
  readonly options: ResolvedOptions;
  /** The window in ms, or undefined for none. */
  readonly windowMs: number | undefined;
  readonly #store: IndexStore;
  readonly #features: FeatureMaker;
  readonly #rules: RuleOptions;
  /** With the model: the bundled document frequencies plus those of the items added since. */
  readonly #stats: CorpusStats | undefined;
  readonly #counters: IndexCounters = { cappedQueries: 0, skippedCandidates: 0 };

  /**
   * @example const index = new NearDupIndex({ threshold: 0.5, window: '48h' });
   * await index.check({ id: 'a', text: '梅州籍院士心系桑梓' }) // { duplicate: false }
   */
  constructor(options: IndexOptions = {}, store?: IndexStore) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    checkOptionKeys(options, 'NearDupIndex', ['window']);
    const { window, ...dedupOptions } = options;
    this.options = resolveOptions(dedupOptions);
    this.windowMs = window === undefined ? undefined : parseDuration(window);
    this.#store = store ?? new MemoryStore(this.options.bands);
    this.#features = new FeatureMaker(this.options);
    this.#rules = ruleOptions(this.options);
    // The model weighs shared text by how common it is: the bundled table's counts plus this
    // index's arrivals, in a sketch of fixed size (as batch dedup adds its corpus's).
    this.#stats =
      this.options.decision === 'model'
        ? sketchStats(emptySketch(), ruleOptions(this.options).corpusStats !== 'uniform')
        : undefined;
  }

  /** Counts an added item's shingles and tokens in the index's own corpus statistics. */
  #observe(item: StoredItem): void {
    if (this.#stats instanceof SketchStats)
      this.#stats.observe(item.shingles, 0, item.shingles.length, item.tokens, 0, item.tokens.length);
  }

  /** The store (memory or Redis) this index files items in. */
  get store(): IndexStore {
    return this.#store;
  }

  /** The parameters two indexes must share for their items to mean the same (snapshots, Redis). */
  parameters() {
    const o = this.options;
    return {
      threshold: o.threshold,
      ngram: o.ngram,
      perms: o.perms,
      seed: o.seed,
      bands: o.bands,
      rows: o.rows,
      foldScript: o.foldScript,
      verify: o.verify,
      rules: o.rules,
      dateWindowDays: o.dateWindowDays,
      decision: o.decision,
      cutoff: o.cutoff ?? null,
      window: this.windowMs ?? null,
      match: o.match,
      bodyThreshold: o.bodyThreshold,
      bodyNgram: o.bodyNgram,
      containment: o.containment,
      bodyKernel: o.bodyKernel,
    };
  }

  /**
   * An index whose items live in Redis under `prefix` (default `neardup`), shared by every
   * process that opens it with the same options: one server (a URL) or a Redis Cluster
   * (`{ cluster: seeds }`, seeds as 'host:port,host:port' or a list), whose masters share the
   * items. The options are the index's, with the connection's beside them: the password (so the
   * URL need not hold it), for `rediss://` the CA that signed the server's certificate, and
   * `buckets` (band buckets per band, fixed when the index is made). Messages show the URL with
   * its password hidden. Once connected, the client reconnects by itself after an outage.
   * (`connect(target, options, prefix, connection)`, the prefix by position, still works and is
   * deprecated.)
   * @example const index = await NearDupIndex.connect('rediss://cache:6380', { window: '48h', prefix: 'feed', password: process.env.REDIS_PASSWORD })
   * @example const index = await NearDupIndex.connect({ cluster: '10.0.0.1:7000,10.0.0.2:7000' }, { prefix: 'feed' })
   */
  static async connect(
    target: RedisTarget,
    options: ConnectOptions = {},
    legacyPrefix?: string,
    legacyConnection: RedisStoreOptions = {},
  ): Promise<NearDupIndex> {
    checkOptionKeys(options, 'NearDupIndex.connect', ['window', 'prefix', 'password', 'ca', 'buckets']);
    const { prefix: given, password, ca, buckets, ...indexOptions } = options;
    const prefix = given ?? legacyPrefix ?? 'neardup';
    const connect: RedisStoreOptions = {
      ...legacyConnection,
      ...(password !== undefined && { password }),
      ...(ca !== undefined && { ca }),
      ...(buckets !== undefined && { buckets }),
    };
    return NearDupIndex.#open(target, indexOptions, prefix, connect);
  }

  static async #open(
    target: RedisTarget,
    options: IndexOptions,
    prefix: string,
    connect: RedisStoreOptions,
  ): Promise<NearDupIndex> {
    const probe = new NearDupIndex(options);
    const features = new FeatureMaker(probe.options);
    // A record holds texts; the features are the same pure function of them in every process.
    const revive = (r: ItemRecord): StoredItem => ({
      ...features.features(r.text, r.bodyText),
      id: r.id,
      root: r.id,
      time: r.time,
      date: r.date,
      seq: r.seq,
    });
    const store = await RedisStore.open(target, prefix, probe.parameters(), revive, connect);
    return new NearDupIndex(options, store);
  }

  #stored(item: IndexItem): StoredItem {
    if (item === null || typeof item !== 'object' || typeof item.text !== 'string') {
      throw new TypeError(
        `an index item must be { id, text, date? } with a string text; got ${JSON.stringify(item)}`,
      );
    }
    if (item.id === undefined || item.id === null || item.id === '')
      throw new TypeError('an index item needs an id');
    const id = String(item.id);
    const date = parseDate(item.date);
    if (item.body !== undefined && typeof item.body !== 'string')
      throw new TypeError(`an index item's body must be a string; got ${JSON.stringify(item.body)}`);
    const f = this.#features.features(item.text, item.body ?? '');
    const stored: StoredItem = {
      id,
      ...f,
      date,
      time: Number.isNaN(date) ? Date.now() : date,
      root: id,
      seq: arrival(),
    };
    if (this.#store.needsText) {
      stored.text = item.text;
      stored.bodyText = item.body ?? '';
    }
    return stored;
  }

  async #evictFor(time: number): Promise<void> {
    if (this.windowMs !== undefined) await this.#store.evictBefore(time - this.windowMs, true);
  }

  /** Checks and queries whose candidates were capped at `maxBucket`, since the index was made. */
  counters(): Readonly<IndexCounters> {
    return { ...this.#counters };
  }

  /**
   * The candidates to verify: all of them, or, past `maxBucket`, the `maxBucket` that share the
   * most bands with the probe, ties to the earliest added. Template headlines ("…今日油价…") can put
   * thousands of items in one band; a true near-duplicate shares many bands (P = 1 − (1 − s^r)^b
   * counts at least one, and the expected count is b·s^r), so it is among the most-shared.
   */
  #capped(probe: StoredItem, all: StoredItem[]): { chosen: StoredItem[]; capped: boolean } {
    const cap = this.options.maxBucket;
    if (all.length <= cap) return { chosen: all, capped: false };
    // Bands shared with the probe, per candidate; then a counting pass finds the count `t` above
    // which fewer than `cap` candidates lie: all of those, and the earliest added of those at `t`.
    // Linear in candidates × bands, with no sort of all of them (this runs on every capped check).
    const bands = probe.bands;
    const shared = new Uint16Array(all.length);
    const histogram = new Uint32Array(bands.length + 1);
    for (let k = 0; k < all.length; k++) {
      const c = all[k].bands;
      let n = 0;
      const len = Math.min(c.length, bands.length);
      for (let b = 0; b < len; b++) if (c[b] === bands[b] && c[b] !== NO_BAND) n++;
      shared[k] = n;
      histogram[n]++;
    }
    let t = bands.length;
    let above = 0;
    while (t > 0 && above + histogram[t] <= cap) above += histogram[t--];
    const chosen: StoredItem[] = [];
    const atT: StoredItem[] = [];
    for (let k = 0; k < all.length; k++) {
      if (shared[k] > t) chosen.push(all[k]);
      else if (shared[k] === t) atT.push(all[k]);
    }
    atT.sort((x, y) => x.seq - y.seq);
    for (let k = 0; chosen.length < cap; k++) chosen.push(atT[k]);
    this.#counters.cappedQueries++;
    this.#counters.skippedCandidates += all.length - cap;
    return { chosen, capped: true };
  }

  /** Verified matches of an item among the indexed ones, most similar first. */
  async #matches(
    probe: StoredItem,
    rules: RuleOptions,
    limit: number,
    deadline?: number,
  ): Promise<{
    hits: { item: StoredItem; similarity: number }[];
    capped: boolean;
    possible?: { item: StoredItem; probability: number };
  }> {
    if (probe.bands.length === 0) return { hits: [], capped: false };
    let possible: { item: StoredItem; probability: number } | undefined;
    const view = storedView(probe);
    const o = this.options;
    const hits: { item: StoredItem; similarity: number }[] = [];
    // Only live candidates count toward the cap: the probe itself and items past the window never match.
    const live = (await this.#store.candidates(probe.bands)).filter(
      (c) => c.id !== probe.id && (this.windowMs === undefined || c.time >= probe.time - this.windowMs),
    );
    const { chosen, capped } = this.#capped(probe, live);
    for (const cand of chosen) {
      if (deadline !== undefined && Date.now() > deadline) {
        throw new NeardupError(
          'E_TIMEOUT',
          `gave up after ${hits.length} verified of the candidates: the deadline passed`,
        );
      }
      // As in batch dedup: titles by the rules, bodies by Jaccard (or containment), per `match`.
      const title =
        o.match === 'body' ? undefined : decide(view, storedView(cand), rules, undefined, this.#stats);
      const body =
        o.match === 'title'
          ? undefined
          : bodyDecision(
              probe.body,
              0,
              probe.body.length,
              cand.body,
              0,
              cand.body.length,
              o.bodyThreshold,
              o.containment,
            );
      const duplicate =
        o.match === 'title'
          ? title!.duplicate
          : o.match === 'body'
            ? body!.duplicate
            : o.match === 'either'
              ? title!.duplicate || body!.duplicate
              : title!.duplicate && body!.duplicate;
      if (!duplicate) {
        // The most probable possible duplicate, ties to the earlier arrival.
        const p = title?.possible === true ? title.probability! : -1;
        if (
          p >= 0 &&
          (!possible ||
            p > possible.probability ||
            (p === possible.probability && cand.seq < possible.item.seq))
        )
          possible = { item: cand, probability: p };
        continue;
      }
      const similarity =
        o.match === 'title'
          ? title!.similarity
          : o.match === 'body'
            ? body!.similarity
            : o.match === 'either'
              ? Math.max(title!.similarity, body!.similarity)
              : Math.min(title!.similarity, body!.similarity);
      hits.push({ item: cand, similarity });
    }
    hits.sort(
      (x, y) => y.similarity - x.similarity || x.item.seq - y.item.seq || (x.item.id < y.item.id ? -1 : 1),
    );
    return { hits: hits.slice(0, limit), capped, ...(possible && { possible }) };
  }

  /** Adds (or replaces) an item. */
  async add(item: IndexItem): Promise<void> {
    const stored = this.#stored(item);
    await this.#evictFor(stored.time);
    await this.#store.put(stored, this.windowMs);
    this.#observe(stored);
  }

  /**
   * The indexed items that are near-duplicates of an item, most similar first; nothing is added.
   * Takes the item as `check` does, without the id (a bare string is the text).
   * @example await index.query({ text: '梅州籍院士心系桑梓!', date: '2024-05-01' }, { limit: 3 }) // [{ id: 'a', similarity: 1 }]
   */
  async query(item: string | QueryItem, options: QueryOptions = {}): Promise<QueryHit[]> {
    const threshold = options.threshold ?? this.options.threshold;
    if (typeof threshold !== 'number' || !(threshold >= this.options.threshold && threshold <= 1)) {
      throw new RangeError(
        `query threshold must be from the index threshold (${this.options.threshold}) to 1; got ${threshold} — the index's LSH bands are tuned for its own threshold`,
      );
    }
    const limit = options.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`query limit must be a whole number ≥ 1; got ${limit}`);
    const q = typeof item === 'string' ? { text: item } : item;
    const probe = this.#stored({
      id: '\u0000query',
      text: q.text,
      date: q.date ?? options.date,
      body: q.body ?? options.body,
    });
    const { hits } = await this.#matches(probe, { ...this.#rules, threshold }, limit, options.deadline);
    return hits.map((h) => ({ id: h.item.id, similarity: round4(h.similarity) }));
  }

  /**
   * Checks an item against the index and adds it when it is new: one step for feeds. A duplicate
   * is not added, so the index holds kept items only, and checking a corpus in the canonical order
   * flags exactly the items batch `dedup` removes, each with `of` its batch canonical item.
   * @example await index.check({ id: 'b', text: '梅州籍院士心系桑梓!' }) // { duplicate: true, of: 'a', similarity: 1 }
   */
  async check(item: IndexItem, options: CheckOptions = {}): Promise<CheckResult> {
    const probe = this.#stored(item);
    await this.#evictFor(probe.time);
    const {
      hits: [best],
      capped,
      possible,
    } = await this.#matches(probe, this.#rules, 1, options.deadline);
    // Every arrival counts in the corpus statistics, duplicates too: they are what the feed shows.
    this.#observe(probe);
    const flag = capped ? { capped: true as const } : {};
    if (best) return { duplicate: true, of: best.item.id, similarity: round4(best.similarity), ...flag };
    await this.#store.put(probe, this.windowMs);
    return possible
      ? { duplicate: false, possibleOf: possible.item.id, probability: round4(possible.probability), ...flag }
      : { duplicate: false, ...flag };
  }

  /** Removes an item; false when it was not there. */
  async remove(id: string | number): Promise<boolean> {
    return this.#store.remove(String(id));
  }

  /** Evicts items older than the window before `now` (epoch ms); returns how many. */
  async evict(now = Date.now()): Promise<number> {
    return this.windowMs === undefined ? 0 : this.#store.evictBefore(now - this.windowMs);
  }

  async size(): Promise<number> {
    return this.#store.size();
  }

  async close(): Promise<void> {
    await this.#store.close();
  }
}
