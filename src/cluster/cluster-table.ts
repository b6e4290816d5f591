/**
 * Clusters as columns: every cluster's members in one typed array, canonical first, with their
 * similarities beside them. A million-item corpus has hundreds of thousands of cluster members;
 * as objects (a member, an id string, an array per cluster) they cost a quarter of a second of
 * garbage collection to build and as much memory as a corpus column, while the CLI only formats
 * them. `Cluster` objects are made on request: one with `cluster(k)`, all with `toArray()`.
 */
import { CANONICAL_POLICIES, type CanonicalPolicy } from '../options/options.js';
import type { IdColumn } from '../prepare/id-column.js';

export interface ClusterMember {
  id: string;
  /** Position of the item in the input (0-based). */
  index: number;
  /** Exact similarity to the canonical item (1 for the canonical item itself). */
  similarity: number;
  /** With bodies compared and `containment` on: |A ∩ B| / min(|A|, |B|) of the two bodies. */
  containment?: number;
}

export interface Cluster {
  /** 1-based cluster number. */
  cluster: number;
  size: number;
  /** Id of the item kept. */
  canonical: string;
  reason: CanonicalPolicy;
  members: ClusterMember[];
}

/** What a table is made of (see `ClusterTable`'s fields). */
export interface ClusterColumns {
  starts: Uint32Array;
  members: Uint32Array;
  similarity: Float64Array;
  containment?: Float64Array;
  reasons: Uint8Array;
}

export class ClusterTable {
  /** Clusters of two or more items. */
  readonly count: number;
  /** Cluster k (0-based; its number is k + 1) has members[starts[k] .. starts[k + 1]). */
  readonly starts: Uint32Array;
  /** Item indices: each cluster's canonical item first, then by descending similarity, then input order. */
  readonly members: Uint32Array;
  /** Each member's similarity to its canonical item, rounded to four decimals. */
  readonly similarity: Float64Array;
  /** Each member's body containment, when bodies are compared with `containment` on. */
  readonly containment: Float64Array | undefined;
  /** Each cluster's reason, as a position in CANONICAL_POLICIES. */
  readonly reasons: Uint8Array;
  readonly #ids: IdColumn;

  constructor(columns: ClusterColumns, ids: IdColumn) {
    this.count = columns.reasons.length;
    this.starts = columns.starts;
    this.members = columns.members;
    this.similarity = columns.similarity;
    this.containment = columns.containment;
    this.reasons = columns.reasons;
    this.#ids = ids;
  }

  /** Members of cluster k (0-based). */
  size(k: number): number {
    return this.starts[k + 1] - this.starts[k];
  }

  /** The input index of cluster k's canonical item. */
  canonicalIndex(k: number): number {
    return this.members[this.starts[k]];
  }

  reason(k: number): CanonicalPolicy {
    return CANONICAL_POLICIES[this.reasons[k]];
  }

  /**
   * Each of `items` items' similarity to its cluster's canonical item, by input position (NaN for
   * an item in no cluster).
   */
  similarityByItem(items: number): Float64Array {
    const out = new Float64Array(items).fill(Number.NaN);
    for (let p = 0; p < this.members.length; p++) out[this.members[p]] = this.similarity[p];
    return out;
  }

  /** The id of item i (an input position). */
  id(i: number): string {
    return this.#ids.get(i);
  }

  /** Writes item i's id as JSON text into `buf` at `at` (see IdColumn.writeJson); returns the end. */
  writeIdJson(i: number, buf: Buffer, at: number): number {
    return this.#ids.writeJson(i, buf, at);
  }

  /** The most bytes writeIdJson writes for one id. */
  get maxIdJsonBytes(): number {
    return this.#ids.maxJsonBytes;
  }

  /** Cluster k (0-based) as an object. */
  cluster(k: number): Cluster {
    const from = this.starts[k];
    const to = this.starts[k + 1];
    const members: ClusterMember[] = new Array(to - from);
    for (let p = from; p < to; p++) {
      const member: ClusterMember = {
        id: this.#ids.get(this.members[p]),
        index: this.members[p],
        similarity: this.similarity[p],
      };
      if (this.containment) member.containment = this.containment[p];
      members[p - from] = member;
    }
    return { cluster: k + 1, size: to - from, canonical: members[0].id, reason: this.reason(k), members };
  }

  /** Every cluster as an object, in cluster order. */
  toArray(): Cluster[] {
    const out: Cluster[] = new Array(this.count);
    for (let k = 0; k < this.count; k++) out[k] = this.cluster(k);
    return out;
  }

  /**
   * The `limit` largest clusters (0-based positions), larger first, ties in cluster order.
   * @example table.largest(3) // [17, 2, 40]
   */
  largest(limit: number): number[] {
    const n = Math.min(limit, this.count);
    if (n <= 0) return [];
    const before = (a: number, b: number) => this.size(b) - this.size(a) || a - b;
    if (n > 64) {
      const all = Array.from({ length: this.count }, (_, k) => k);
      return all.sort(before).slice(0, n);
    }
    // A few from many (the CLI's top three): one pass, keeping the best n in order.
    const top: number[] = [];
    for (let k = 0; k < this.count; k++) {
      if (top.length === n && before(k, top[n - 1]) >= 0) continue;
      let at = top.length === n ? n - 1 : top.length;
      top[at] = k;
      while (at > 0 && before(top[at], top[at - 1]) < 0) {
        [top[at - 1], top[at]] = [top[at], top[at - 1]];
        at--;
      }
    }
    return top;
  }
}
