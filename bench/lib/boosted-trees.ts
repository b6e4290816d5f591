/**
 * Gradient-boosted regression trees on the logistic loss, small and plain: the richer model class
 * issue 28 asked to try against the logistic decision (bench/model-class.ts). Each feature is cut
 * into at most BINS quantile bins once; a tree of the given depth splits a node on the bin
 * boundary with the largest gain (second-order, as in XGBoost's exact greedy rule over bins), and
 * each leaf takes one Newton step, shrunk by the rate. Weighted rows, deterministic (no sampling).
 */

const BINS = 32;

interface Split {
  feature: number;
  /** Rows whose bin is at most this go left. */
  bin: number;
  left: Node;
  right: Node;
}

type Node = { value: number } | Split;

export interface BoostOptions {
  depth: number;
  rounds: number;
  rate: number;
  /** L2 penalty on leaf values (λ of the Newton step). */
  lambda: number;
  /** Least summed hessian weight a leaf may hold. */
  minLeaf: number;
}

export interface Boosted {
  /** Probability of a duplicate for one feature vector. */
  probability(x: readonly number[]): number;
}

/** Bin edges per feature: distinct quantiles of its values (a value goes to the first edge ≥ it). */
function binEdges(rows: readonly (readonly number[])[], f: number): number[] {
  const values = rows.map((r) => r[f]).sort((a, b) => a - b);
  const edges: number[] = [];
  for (let k = 1; k <= BINS; k++) {
    const v = values[Math.min(values.length - 1, Math.floor((k * values.length) / BINS) - 1)];
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
  }
  return edges;
}

function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Fits boosted trees to rows (feature vectors), labels and row weights.
 * @example fitBoosted([[0], [1]], [false, true], [1, 1], { depth: 1, rounds: 10, rate: 0.3, lambda: 1, minLeaf: 0 }).probability([1]) > 0.5 // true
 */
export function fitBoosted(
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  weights: readonly number[],
  o: BoostOptions,
): Boosted {
  const n = rows.length;
  const nf = n > 0 ? rows[0].length : 0;
  const edges = Array.from({ length: nf }, (_, f) => binEdges(rows, f));
  const bins = rows.map((r) => r.map((v, f) => binOf(edges[f], v)));
  // The starting log-odds: the weighted base rate.
  let pos = 0;
  let all = 0;
  for (let i = 0; i < n; i++) {
    all += weights[i];
    if (labels[i]) pos += weights[i];
  }
  const base = Math.log(Math.max(1e-6, pos) / Math.max(1e-6, all - pos));
  const margin = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: Node[] = [];
  const grow = (idx: number[], depth: number): Node => {
    let G = 0;
    let H = 0;
    for (const i of idx) {
      G += g[i];
      H += h[i];
    }
    const leaf = { value: (-o.rate * G) / (H + o.lambda) };
    if (depth === 0 || idx.length < 2) return leaf;
    const score = (gs: number, hs: number) => (gs * gs) / (hs + o.lambda);
    let best = 0;
    let split: { feature: number; bin: number } | undefined;
    for (let f = 0; f < nf; f++) {
      const nb = edges[f].length;
      const gb = new Float64Array(nb);
      const hb = new Float64Array(nb);
      for (const i of idx) {
        gb[bins[i][f]] += g[i];
        hb[bins[i][f]] += h[i];
      }
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += gb[b];
        hl += hb[b];
        if (hl < o.minLeaf || H - hl < o.minLeaf) continue;
        const gain = score(gl, hl) + score(G - gl, H - hl) - score(G, H);
        if (gain > best + 1e-12) {
          best = gain;
          split = { feature: f, bin: b };
        }
      }
    }
    if (split === undefined) return leaf;
    const left = idx.filter((i) => bins[i][split.feature] <= split.bin);
    const right = idx.filter((i) => bins[i][split.feature] > split.bin);
    return { ...split, left: grow(left, depth - 1), right: grow(right, depth - 1) };
  };
  const leafOf = (t: Node, b: readonly number[]): number => {
    let node = t;
    while ('feature' in node) node = b[node.feature] <= node.bin ? node.left : node.right;
    return node.value;
  };
  const every = Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < o.rounds; r++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(margin[i]);
      g[i] = weights[i] * (p - (labels[i] ? 1 : 0));
      h[i] = weights[i] * Math.max(1e-9, p * (1 - p));
    }
    const tree = grow(every, o.depth);
    trees.push(tree);
    for (let i = 0; i < n; i++) margin[i] += leafOf(tree, bins[i]);
  }
  return {
    probability(x) {
      const b = x.map((v, f) => binOf(edges[f], v));
      let m = base;
      for (const t of trees) m += leafOf(t, b);
      return sigmoid(m);
    },
  };
}
