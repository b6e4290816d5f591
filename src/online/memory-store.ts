/**
 * The in-process store: a flat multimap from (band, band hash) to the slots of items; items in a
 * slot array; a min-heap of (time, slot) for window eviction.
 */
import { BandTable } from './band-table.js';
import { NO_BAND, type StoredItem } from './item-features.js';
import type { IndexStore } from './store.js';

export class MemoryStore implements IndexStore {
  readonly #table = new BandTable();
  #items: (StoredItem | undefined)[] = [];
  readonly #slotOf = new Map<string, number>();
  #free: number[] = [];
  // Min-heap of slots by item time, kept only for an index with a window; entries of removed or
  // replaced items are skipped when popped, and the heap is rebuilt from the live items once they
  // are more than half of it, so re-adding one id forever holds one entry, not one per re-add.
  #heap: { time: number; slot: number; id: string }[] = [];

  constructor(_bands: number) {}

  async candidates(bands: Uint32Array): Promise<StoredItem[]> {
    return this.candidatesSync(bands);
  }

  /** The synchronous form, for callers in this process that need no await. */
  candidatesSync(bands: Uint32Array): StoredItem[] {
    const out: StoredItem[] = [];
    const seen = new Set<number>();
    const collect = (s: number) => {
      if (seen.has(s)) return;
      seen.add(s);
      out.push(this.#items[s]!);
    };
    for (let b = 0; b < bands.length; b++)
      if (bands[b] !== NO_BAND) this.#table.forEach(b, bands[b], collect);
    return out;
  }

  async put(item: StoredItem, ttlMs?: number): Promise<void> {
    this.putSync(item, ttlMs);
  }

  /** `ttlMs` undefined: the index has no window, and no heap is kept for this item. */
  putSync(item: StoredItem, ttlMs?: number): void {
    if (this.#slotOf.has(item.id)) this.removeSync(item.id);
    const slot = this.#free.pop() ?? this.#items.length;
    this.#items[slot] = item;
    this.#slotOf.set(item.id, slot);
    for (let b = 0; b < item.bands.length; b++)
      if (item.bands[b] !== NO_BAND) this.#table.add(b, item.bands[b], slot);
    if (ttlMs !== undefined) {
      this.#heapPush({ time: item.time, slot, id: item.id });
      if (this.#heap.length > 64 && this.#heap.length > 2 * this.#slotOf.size) this.#rebuildHeap();
    }
  }

  /** The heap of the live items only (a heap's array sorted by time is a valid heap). */
  #rebuildHeap(): void {
    this.#heap = this.#heap
      .filter((e) => this.#slotOf.get(e.id) === e.slot && this.#items[e.slot]!.time === e.time)
      .sort((x, y) => x.time - y.time);
  }

  /**
   * How much the store holds, for tests and metrics: live items, item slots (live and free),
   * window heap entries, band entries and the band table's capacity.
   */
  footprint(): { items: number; slots: number; heap: number; bandEntries: number; bandCapacity: number } {
    return {
      items: this.#slotOf.size,
      slots: this.#items.length,
      heap: this.#heap.length,
      bandEntries: this.#table.size,
      bandCapacity: this.#table.capacity,
    };
  }

  hasSync(id: string): boolean {
    return this.#slotOf.has(id);
  }

  async get(id: string): Promise<StoredItem | undefined> {
    const slot = this.#slotOf.get(id);
    return slot === undefined ? undefined : this.#items[slot];
  }

  async remove(id: string): Promise<boolean> {
    return this.removeSync(id);
  }

  removeSync(id: string): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    const item = this.#items[slot]!;
    for (let b = 0; b < item.bands.length; b++)
      if (item.bands[b] !== NO_BAND) this.#table.remove(b, item.bands[b], slot);
    this.#items[slot] = undefined;
    this.#slotOf.delete(id);
    this.#free.push(slot);
    if (this.#slotOf.size === 0) {
      // Empty: drop the slots and the heap outright.
      this.#items = [];
      this.#free = [];
      this.#heap = [];
    } else if (this.#heap.length > 64 && this.#heap.length > 2 * this.#slotOf.size) this.#rebuildHeap();
    return true;
  }

  async evictBefore(before: number): Promise<number> {
    let evicted = 0;
    while (this.#heap.length > 0 && this.#heap[0].time < before) {
      const top = this.#heapPop();
      // Skip heap entries whose item was removed or replaced since.
      const current = this.#slotOf.get(top.id);
      if (current === top.slot && this.#items[top.slot]!.time === top.time) {
        this.removeSync(top.id);
        evicted++;
      }
    }
    return evicted;
  }

  async size(): Promise<number> {
    return this.#slotOf.size;
  }

  get count(): number {
    return this.#slotOf.size;
  }

  /** Every item, oldest slot first (for snapshots). */
  items(): StoredItem[] {
    return this.#items.filter((x): x is StoredItem => x !== undefined);
  }

  async close(): Promise<void> {}

  #heapPush(e: { time: number; slot: number; id: string }): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].time <= h[i].time) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  #heapPop(): { time: number; slot: number; id: string } {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].time < h[m].time) m = l;
        if (r < h.length && h[r].time < h[m].time) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
