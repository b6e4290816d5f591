/**
 * Where an index keeps its items: in this process (MemoryStore) or in Redis, shared by many
 * processes (RedisStore). The index does the maths; a store only files and finds.
 */
import type { StoredItem } from './item-features.js';

export interface IndexStore {
  /** True when the store keeps items' texts (and recomputes their features from them). */
  readonly needsText?: boolean;
  /** The items that share at least one band hash with `bands` (without duplicates). */
  candidates(bands: Uint32Array): Promise<StoredItem[]>;
  /** Adds an item (replacing one with the same id). `ttlMs` bounds its life where the store supports it. */
  put(item: StoredItem, ttlMs?: number): Promise<void>;
  get(id: string): Promise<StoredItem | undefined>;
  remove(id: string): Promise<boolean>;
  /**
   * Removes items whose time is before `before`; returns how many. `lazy` (the index's own sweep
   * before each check or add) lets a store put the work off, as queries skip such items anyway.
   */
  evictBefore(before: number, lazy?: boolean): Promise<number>;
  size(): Promise<number>;
  /**
   * Where other processes share the store: holds off their checks of possible duplicates of the
   * items with these band hashes until the returned release is called (RedisStore).
   */
  lock?(bands: Uint32Array[], deadline?: number): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
