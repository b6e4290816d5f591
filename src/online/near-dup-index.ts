/**
 * The online index for news feeds: "is this new headline a near-duplicate of one we already
 * showed, and of which?" Items are shingled, signed and banded exactly as in batch dedup;
 * candidates come from the store's band tables and every one is verified with the same
 * headline rules, so the index and `dedup` decide alike. Items older than the window are evicted.
 * A query sharing bands with more than `maxBucket` items verifies only the `maxBucket` that share
 * the most (and says so: `capped`), as batch dedup bounds its giant buckets.
 */
import { modelHash } from '../verify/model-hash.js';
import { TEXT_VERSION } from '../text/normalize.js';
import { requireModel } from '../verify/model-decision.js';
import { NeardupError } from '../errors.js';
import { resolveOptions, ruleOptions, type DedupOptions, type ResolvedOptions } from '../options/options.js';
import { checkOptionKeys } from '../options/option-keys.js';
import {
  emptySketch,
  SketchStats,
  sketchStats,
  type CorpusStats,
  type DfSketch,
} from '../verify/corpus-stats.js';
import { bodyDecision } from '../verify/body-decision.js';
import { decide, type RuleOptions } from '../verify/decide.js';
import { arrival } from './arrival.js';
import { parseDuration } from './duration.js';
import { FUTURE_SLACK_MS, itemDate } from './item-date.js';
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
  /**
   * A non-empty string of at most 1,024 bytes of UTF-8, not `.` or `..` (so that it fits a URL
   * path), or a safe integer (written in decimal); anything else is refused, never coerced.
   */
  id: string | number;
  text: string;
  /** The article body, compared when the index's `match` is not `title`. */
  body?: string;
  /**
   * The item's date: ISO 8601 (or anything `Date.parse` reads), YYYYMMDD, a Date, or epoch
   * milliseconds. One that cannot be read, or a number that can only be epoch seconds, is a
   * NeardupError 'E_INPUT'; so is, in an index with a window, a date more than a day past the
   * wall clock. Without one, the item takes the index's clock: the latest date it has filed, or,
   * while it has filed none, the wall clock.
   */
  date?: unknown;
}

/** What `add` takes beside the item. */
export interface AddOptions {
  /** The time of an undated item (replaying a write log): epoch ms. @default the index's clock */
  time?: number;
  /**
   * Called once the item is valid (and, for `check`, found new), before the index changes, with
   * the time the item is filed at: a write log appends here. If it throws, nothing changes.
   */
  beforeAdd?: (time: number) => void;
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
  /** Candidates verified (decided by the rules or the model), all together. */
  verifiedCandidates: number;
  /** Items evicted as older than the window. */
  evictedItems: number;
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

/** What `checkBatch` takes beside the items. */
export interface BatchCheckOptions {
  /** As `check`'s: past it the batch gives up (NeardupError 'E_TIMEOUT') and adds nothing. */
  deadline?: number;
  /**
   * Called once every item is decided, before the index changes, with the positions of the new
   * items and the times they are filed at: a write log appends here. If it throws, nothing changes.
   */
  beforeAdd?: (added: { position: number; time: number }[]) => void;
}

export interface CheckOptions extends Pick<AddOptions, 'beforeAdd'> {
  /**
   * Give up (NeardupError 'E_TIMEOUT', nothing added) once `Date.now()` passes this; checked
   * between candidates, so it bounds a check by about one pair's decision past it. @default none
   */
  deadline?: number;
}

/** True when a string has no unpaired surrogate (so that it is valid UTF-8). */
const wellFormed = (s: string): boolean => !/\p{Surrogate}/u.test(s);

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
  /** The counts of this index's arrivals under `#stats` (model decision only). */
  readonly #sketch: DfSketch | undefined;
  readonly #counters: IndexCounters = {
    cappedQueries: 0,
    skippedCandidates: 0,
    verifiedCandidates: 0,
    evictedItems: 0,
  };
  /** The latest date filed (epoch ms), which undated items take; undefined while none was. */
  #clock: number | undefined;

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
    this.#sketch = this.options.decision === 'model' ? emptySketch() : undefined;
    this.#stats = this.#sketch
      ? sketchStats(this.#sketch, ruleOptions(this.options).corpusStats !== 'uniform', 1)
      : undefined;
  }

  /** Counts an added item's shingles and tokens in the index's own corpus statistics (or `stats`). */
  #observe(item: StoredItem, stats = this.#stats): void {
    if (stats instanceof SketchStats)
      stats.observe(item.shingles, 0, item.shingles.length, item.tokens, 0, item.tokens.length);
  }

  /**
   * Statistics a batch decides with: a copy of the index's, which count the batch's arrivals one
   * by one as `check` would, and are dropped if the batch stops (the index's count them once it
   * is done).
   */
  #statsCopy(): CorpusStats | undefined {
    if (!this.#sketch) return this.#stats;
    const copy = {
      ...this.#sketch,
      shingles: this.#sketch.shingles.slice(),
      tokens: this.#sketch.tokens.slice(),
    };
    return sketchStats(copy, ruleOptions(this.options).corpusStats !== 'uniform', 1);
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
      // How text is normalised: items shingled by another version would not meet new ones.
      text: TEXT_VERSION,
      verify: o.verify,
      rules: o.rules,
      dateWindowDays: o.dateWindowDays,
      decision: o.decision,
      cutoff: o.cutoff ?? null,
      // The decision's weights: an index filled under one model refuses a process with another.
      model: o.decision === 'model' ? modelHash(requireModel(o).weights) : null,
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

  /** An item's id as the index files it, or a TypeError/RangeError saying why it cannot be one. */
  static itemId(id: unknown): string {
    if (typeof id === 'number') {
      if (!Number.isSafeInteger(id))
        throw new RangeError(
          `an item id that is a number must be a whole number within ±(2^53 − 1); got ${id} — send it as a string`,
        );
      return String(id);
    }
    if (typeof id !== 'string')
      throw new TypeError(
        `an index item needs an id: a string or a whole number; got ${id === undefined ? 'none' : typeof id}`,
      );
    if (id === '') throw new TypeError('an index item needs an id; got the empty string');
    if (id === '.' || id === '..')
      throw new RangeError(`an item id may not be ${JSON.stringify(id)} (it cannot stand in a URL path)`);
    if (!wellFormed(id))
      throw new RangeError('an item id must be valid UTF-8 (it has an unpaired surrogate)');
    const bytes = Buffer.byteLength(id, 'utf8');
    if (bytes > 1024) throw new RangeError(`an item id may be at most 1,024 bytes of UTF-8; got ${bytes}`);
    return id;
  }

  /**
   * The item's features, time and arrival; throws before anything changes when it is not valid.
   * A query's probe has no id (`query`), so none of the user's can be mistaken for it.
   */
  #stored(item: IndexItem | (QueryItem & { id?: undefined }), given?: number): StoredItem {
    if (item === null || typeof item !== 'object' || typeof item.text !== 'string') {
      throw new TypeError(
        `an index item must be { id, text, date? } with a string text; got ${String(JSON.stringify(item)).slice(0, 200)}`,
      );
    }
    const id = item.id === undefined ? '' : NearDupIndex.itemId(item.id);
    // In a windowed index the clock is the latest date: past the wall clock's slack it is refused.
    const date = itemDate(item.date, this.windowMs === undefined ? undefined : Date.now() + FUTURE_SLACK_MS);
    if (item.body !== undefined && typeof item.body !== 'string')
      throw new TypeError(`an index item's body must be a string; got ${typeof item.body}`);
    if (given !== undefined && !Number.isFinite(given))
      throw new RangeError(`an item's time must be epoch milliseconds; got ${given}`);
    const f = this.#features.features(item.text, item.body ?? '');
    const stored: StoredItem = {
      id,
      ...f,
      date,
      time: Number.isNaN(date) ? (given ?? this.#clock ?? Date.now()) : date,
      root: id,
      seq: arrival(),
    };
    if (this.#store.needsText) {
      stored.text = item.text;
      stored.bodyText = item.body ?? '';
    }
    return stored;
  }

  /** Moves the clock to a filed item's date (undated items leave it). */
  #tick(item: StoredItem): void {
    if (!Number.isNaN(item.date) && (this.#clock === undefined || item.date > this.#clock))
      this.#clock = item.date;
  }

  /**
   * The index's clock: the latest date it has filed, which undated items take (undefined while
   * it has filed no dated item: they take the wall clock). Snapshots restore it.
   */
  get clock(): number | undefined {
    return this.#clock;
  }

  /** @internal Restores the clock of a loaded snapshot. */
  restoreClock(ms: number): void {
    if (this.#clock === undefined || ms > this.#clock) this.#clock = ms;
  }

  async #evictFor(time: number): Promise<void> {
    if (this.windowMs !== undefined)
      this.#counters.evictedItems += await this.#store.evictBefore(time - this.windowMs, true);
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
    overlay?: MemoryStore,
    stats = this.#stats,
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
    let all = await this.#store.candidates(probe.bands);
    // A batch's items decided new so far, over the indexed ones (which they replace by id).
    if (overlay) all = all.filter((c) => !overlay.hasSync(c.id)).concat(overlay.candidatesSync(probe.bands));
    const live = all.filter(
      (c) => c.id !== probe.id && (this.windowMs === undefined || c.time >= probe.time - this.windowMs),
    );
    const { chosen, capped } = this.#capped(probe, live);
    for (const cand of chosen) {
      this.#counters.verifiedCandidates++;
      if (deadline !== undefined && Date.now() > deadline) {
        throw new NeardupError(
          'E_TIMEOUT',
          `gave up after ${hits.length} verified of the candidates: the deadline passed`,
        );
      }
      // As in batch dedup: titles by the rules, bodies by Jaccard (or containment), per `match`.
      const title = o.match === 'body' ? undefined : decide(view, storedView(cand), rules, undefined, stats);
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

  /**
   * Adds (or replaces) an item. An invalid one (id, text, date) throws and changes nothing.
   * @example await index.add({ id: 'a', text: '梅州籍院士心系桑梓', date: '2024-05-01' })
   */
  async add(item: IndexItem, options: AddOptions = {}): Promise<void> {
    const stored = this.#stored(item, options.time);
    options.beforeAdd?.(stored.time);
    await this.#file(stored);
  }

  /** Files a valid item: evicts for its time, stores it, moves the clock, counts it. */
  async #file(stored: StoredItem): Promise<void> {
    await this.#evictFor(stored.time);
    await this.#store.put(stored, this.windowMs);
    this.#tick(stored);
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
    // A store shared between processes: no other process checks a possible duplicate of this
    // item (one sharing a band hash) until it is added or found a duplicate, so two writers of
    // one story at the same instant cannot both call it new.
    const release = await this.#store.lock?.([probe.bands], options.deadline);
    try {
      // Nothing changes before the answer is known (a deadline may stop the search): the window's
      // eviction waits for the add, and candidates past the window are skipped meanwhile.
      const {
        hits: [best],
        capped,
        possible,
      } = await this.#matches(probe, this.#rules, 1, options.deadline);
      const flag = capped ? { capped: true as const } : {};
      if (best) {
        // Every arrival counts in the corpus statistics, duplicates too: they are what the feed shows.
        this.#observe(probe);
        return { duplicate: true, of: best.item.id, similarity: round4(best.similarity), ...flag };
      }
      options.beforeAdd?.(probe.time);
      await this.#file(probe);
      return possible
        ? {
            duplicate: false,
            possibleOf: possible.item.id,
            probability: round4(possible.probability),
            ...flag,
          }
        : { duplicate: false, ...flag };
    } finally {
      await release?.();
    }
  }

  /**
   * Checks items in order as `check` would one by one, each against the index and the new items
   * before it, as one step: every item is validated and decided before the index changes, so an
   * invalid item or a deadline passed changes nothing (over Redis, a connection lost while the
   * new items are stored can leave some of them stored).
   * @example await index.checkBatch([{ id: 'a', text: '国足晋级世界杯决赛圈' }, { id: 'b', text: '国足晋级世界杯决赛圈!' }]) // [{ duplicate: false }, { duplicate: true, of: 'a', similarity: 1 }]
   */
  async checkBatch(items: IndexItem[], options: BatchCheckOptions = {}): Promise<CheckResult[]> {
    if (!Array.isArray(items)) throw new TypeError('checkBatch takes an array of items');
    const probes = items.map((item, k) => {
      try {
        return this.#stored(item);
      } catch (error) {
        (error as Error).message = `item ${k}: ${(error as Error).message}`;
        throw error;
      }
    });
    const release = await this.#store.lock?.(
      probes.map((p) => p.bands),
      options.deadline,
    );
    try {
      return await this.#checkBatch(probes, options);
    } finally {
      await release?.();
    }
  }

  async #checkBatch(probes: StoredItem[], options: BatchCheckOptions): Promise<CheckResult[]> {
    const overlay = new MemoryStore(this.options.bands);
    const stats = this.#statsCopy();
    const results: CheckResult[] = [];
    const added: { position: number; time: number }[] = [];
    for (const [k, probe] of probes.entries()) {
      const {
        hits: [best],
        capped,
        possible,
      } = await this.#matches(probe, this.#rules, 1, options.deadline, overlay, stats);
      this.#observe(probe, stats);
      const flag = capped ? { capped: true as const } : {};
      if (best)
        results.push({ duplicate: true, of: best.item.id, similarity: round4(best.similarity), ...flag });
      else {
        overlay.putSync(probe);
        added.push({ position: k, time: probe.time });
        results.push(
          possible
            ? {
                duplicate: false,
                possibleOf: possible.item.id,
                probability: round4(possible.probability),
                ...flag,
              }
            : { duplicate: false, ...flag },
        );
      }
    }
    options.beforeAdd?.(added);
    const isNew = new Set(added.map((a) => a.position));
    for (const [k, probe] of probes.entries()) {
      if (isNew.has(k)) await this.#file(probe);
      else this.#observe(probe);
    }
    return results;
  }

  /**
   * An indexed item's id, date and time (epoch ms; the date NaN when it had none), with its texts
   * where the store keeps them (Redis); undefined when it is not there.
   */
  async get(
    id: string | number,
  ): Promise<{ id: string; date: number; time: number; text?: string; body?: string } | undefined> {
    const found = await this.#store.get(NearDupIndex.itemId(id));
    if (
      found === undefined ||
      (this.windowMs !== undefined && this.#clock !== undefined && found.time < this.#clock - this.windowMs)
    )
      return undefined;
    return {
      id: found.id,
      date: found.date,
      time: found.time,
      ...(found.text !== undefined && { text: found.text }),
      ...(found.bodyText !== undefined && found.bodyText !== '' && { body: found.bodyText }),
    };
  }

  /** Removes an item; false when it was not there. */
  async remove(id: string | number): Promise<boolean> {
    return this.#store.remove(NearDupIndex.itemId(id));
  }

  /** Evicts items older than the window before `now` (epoch ms); returns how many. */
  async evict(now = Date.now()): Promise<number> {
    if (this.windowMs === undefined) return 0;
    const n = await this.#store.evictBefore(now - this.windowMs);
    this.#counters.evictedItems += n;
    return n;
  }

  async size(): Promise<number> {
    return this.#store.size();
  }

  async close(): Promise<void> {
    await this.#store.close();
  }
}
