/**
 * Disjoint sets over item indices with path halving and union by size. The root a set ends with
 * depends on union order, so nothing downstream uses roots for anything but grouping.
 */
export class UnionFind {
  readonly #parent: Int32Array;
  readonly #size: Uint32Array;

  constructor(n: number) {
    this.#parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.#parent[i] = i;
    this.#size = new Uint32Array(n).fill(1);
  }

  find(x: number): number {
    const p = this.#parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  /** Joins the sets of a and b; returns false when they were already one set. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.#size[ra] < this.#size[rb]) [ra, rb] = [rb, ra];
    this.#parent[rb] = ra;
    this.#size[ra] += this.#size[rb];
    return true;
  }
}
