/**
 * One-permutation hashing with optimal densification (Li, Owen & Zhang 2012; Shrivastava 2017,
 * "Optimal Densification for Fast and Accurate Minwise Hashing"): a k-slot MinHash signature in
 * O(n + k) instead of O(n·k), for long texts whose shingles far outnumber the permutations.
 *
 * Each shingle is hashed once; the top log2(k) bits pick its bin and the bin keeps its least
 * hash. A bin that no shingle fell into borrows the value of the first non-empty bin along its
 * own seeded probe sequence — the same sequence in every document, so that two documents' empty
 * bins borrow from the same places. P[sig_a[i] = sig_b[i]] ≈ J(A, B), as for k permutations.
 */
import { fmix32 } from './hash.js';

/**
 * Writes the k-slot signature of shingles[start..end) into out[outOffset..). k must be a power
 * of two (16 … 65536). An empty set gets all 0xffffffff.
 * @example ophSignatureInto(shingles, 0, shingles.length, 128, 1, sig, 0)
 */
export function ophSignatureInto(
  shingles: Uint32Array,
  start: number,
  end: number,
  k: number,
  seed: number,
  out: Uint32Array,
  outOffset: number,
): void {
  const bits = Math.log2(k);
  if (!Number.isInteger(bits) || bits < 4 || bits > 16)
    throw new RangeError(`one-permutation hashing needs a power of two from 16 to 65536 slots; got ${k}`);
  const shift = 32 - bits;
  out.fill(0xffffffff, outOffset, outOffset + k);
  if (end <= start) return;
  // Every bin value keeps only the low bits below the bin number, so that values from different
  // bins never compare equal by accident after densification copies them.
  const lowMask = shift === 32 ? 0xffffffff : (1 << shift) - 1;
  const s = Math.imul(seed | 0, 0x9e3779b1) ^ 0x6f706831;
  for (let p = start; p < end; p++) {
    const h = fmix32(shingles[p] ^ s);
    const bin = h >>> shift;
    const v = (h & lowMask) >>> 0;
    if (v < out[outOffset + bin]) out[outOffset + bin] = v;
  }
  densify(out, outOffset, k, s);
}

/** Fills empty bins (0xffffffff) from the first non-empty bin on each bin's probe sequence. */
function densify(out: Uint32Array, offset: number, k: number, seed: number): void {
  let empty = 0;
  for (let i = 0; i < k; i++) if (out[offset + i] === 0xffffffff) empty++;
  if (empty === 0 || empty === k) return;
  const filled = out.slice(offset, offset + k); // read from the original bins only
  for (let i = 0; i < k; i++) {
    if (filled[i] !== 0xffffffff) continue;
    for (let attempt = 1; ; attempt++) {
      const j = fmix32(Math.imul(i + 1, 0x85ebca6b) ^ Math.imul(attempt, 0xc2b2ae35) ^ seed) & (k - 1);
      if (filled[j] !== 0xffffffff) {
        out[offset + i] = filled[j];
        break;
      }
    }
  }
}
