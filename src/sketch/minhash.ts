/**
 * MinHash signatures (Broder 1997). Permutation i is the universal hash h_i(x) = a_i·x + b_i mod 2^32
 * with a_i odd, applied to shingle hashes that are already well mixed (Murmur3 finalised); the
 * signature keeps min_x h_i(x) for each i. The multiply-add is one SIMD lane operation, which is
 * what lets a batched kernel reach millions of headlines per second, and all of it is 32-bit
 * integer maths so every process and machine agrees on every signature.
 *
 * P[sig_a[i] = sig_b[i]] ≈ J(A, B), so the fraction of equal positions estimates Jaccard with
 * standard error √(J(1−J)/k).
 */
import { splitmix32 } from './hash.js';

export interface Permutations {
  /** Odd multipliers, one per permutation. */
  readonly a: Uint32Array;
  /** Offsets, one per permutation. */
  readonly b: Uint32Array;
}

/**
 * The k permutations for a seed: the same seed gives the same permutations everywhere.
 * @example makePermutations(128, 1).a.length // 128
 */
export function makePermutations(k: number, seed: number): Permutations {
  const next = splitmix32(seed ^ 0x6d696e68);
  const a = new Uint32Array(k);
  const b = new Uint32Array(k);
  for (let i = 0; i < k; i++) {
    a[i] = (next() | 1) >>> 0;
    b[i] = next();
  }
  return { a, b };
}

/**
 * Writes the signature of shingles[start..end) into out[outOffset..outOffset+k). An empty set gets
 * all 0xffffffff, which the engine never bands.
 */
export function signInto(
  shingles: Uint32Array,
  start: number,
  end: number,
  perms: Permutations,
  out: Uint32Array,
  outOffset: number,
): void {
  const { a, b } = perms;
  const k = a.length;
  out.fill(0xffffffff, outOffset, outOffset + k);
  for (let s = start; s < end; s++) {
    const x = shingles[s];
    for (let i = 0; i < k; i++) {
      const h = (Math.imul(a[i], x) + b[i]) >>> 0;
      if (h < out[outOffset + i]) out[outOffset + i] = h;
    }
  }
}

/**
 * The MinHash signature of a sorted shingle array.
 * @example signature(shingleHashes('标题', params), makePermutations(128, 1))
 */
export function signature(shingles: Uint32Array, perms: Permutations): Uint32Array {
  const out = new Uint32Array(perms.a.length);
  signInto(shingles, 0, shingles.length, perms, out, 0);
  return out;
}

/**
 * Estimated Jaccard similarity from two signatures: the fraction of equal positions.
 * @example estimateJaccard(sigA, sigB) // ≈ jaccardSorted(a, b) ± 3·√(J(1−J)/k)
 */
export function estimateJaccard(sigA: Uint32Array, sigB: Uint32Array): number {
  if (sigA.length !== sigB.length) {
    throw new RangeError(`signatures must have the same length; got ${sigA.length} and ${sigB.length}`);
  }
  let eq = 0;
  for (let i = 0; i < sigA.length; i++) if (sigA[i] === sigB[i]) eq++;
  return eq / sigA.length;
}
