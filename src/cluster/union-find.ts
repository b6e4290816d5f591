/**
 * Disjoint sets over item indices, safe to share between threads. Connected-components linkage
 * (`linkage: 'components'`) joins the verified pairs in one; star clustering needs none.
 *
 * A root is linked under the smaller of the two roots with a compare-and-swap that succeeds only
 * while it is still a root, so a parent's index is always below its child's (no cycle can form)
 * and two threads can never both link the same root. `find` halves paths with plain writes: it
 * only ever points a non-root at one of its ancestors, which stays true whatever else runs.
 * Sets only grow, so two items found under one root are joined for good. The sets at the end are
 * the same whatever order unions ran in; which item is a root is not, so nothing downstream uses
 * roots for anything but grouping.
 */
export class UnionFind {
  /** parents[i]: i's parent, i itself for a root. Hand it to another thread to share the sets. */
  readonly parents: Int32Array;

  /**
   * n singleton sets, in a SharedArrayBuffer when `shared`; or a view over `parents` of another
   * UnionFind (another thread's), whose sets it then shares.
   */
  constructor(n: number | Int32Array, shared = false) {
    if (typeof n !== 'number') {
      this.parents = n;
      return;
    }
    this.parents = shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
    for (let i = 0; i < n; i++) this.parents[i] = i;
  }

  find(x: number): number {
    const p = this.parents;
    for (;;) {
      const parent = p[x];
      if (parent === x) return x;
      const grandparent = p[parent];
      if (grandparent !== parent) p[x] = grandparent;
      x = grandparent;
    }
  }

  /** Joins the sets of a and b; returns false when they were already one set. */
  union(a: number, b: number): boolean {
    for (;;) {
      let ra = this.find(a);
      let rb = this.find(b);
      if (ra === rb) return false;
      if (ra > rb) [ra, rb] = [rb, ra];
      // rb goes under ra, if no other thread has linked rb meanwhile; otherwise look again.
      if (Atomics.compareExchange(this.parents, rb, rb, ra) === rb) return true;
    }
  }
}
