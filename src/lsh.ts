/**
 * Locality-sensitive banding of MinHash signatures. The k positions are cut into b bands of r rows;
 * two items become candidates when all r rows of any band agree, which happens with probability
 *
 *     P(s) = 1 − (1 − s^r)^b
 *
 * for Jaccard similarity s: an S-curve whose steep part sits near (1/b)^(1/r). `chooseBands` picks
 * the (b, r) with b·r ≤ k that minimises the weighted area of false positives below the threshold
 * plus false negatives above it, the way datasketch does. Because every candidate is verified
 * exactly afterwards, false positives only cost time, so the default weights lean on recall.
 */
import { fmix32, mixStep } from './hash.js';

export interface BandParams {
  /** Number of bands. */
  bands: number;
  /** Rows (signature positions) per band. */
  rows: number;
}

export interface BandChoice extends BandParams {
  /** Weighted area of P(s) below the threshold: candidates that verification will reject. */
  falsePositiveArea: number;
  /** Weighted area of 1 − P(s) above the threshold: duplicates that banding may miss. */
  falseNegativeArea: number;
}

/** P(s) = 1 − (1 − s^r)^b, the chance that two items of Jaccard s share at least one band. */
export function collisionProbability(s: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

function integrate(f: (x: number) => number, lo: number, hi: number, steps = 200): number {
  // Midpoint rule: P(s) is smooth, and 200 steps put the error far below what separates choices.
  const h = (hi - lo) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(lo + (i + 0.5) * h);
  return sum * h;
}

/**
 * The (bands, rows) for a threshold and permutation count minimising
 * `fpWeight·∫₀ᵗ P(s) ds + fnWeight·∫ₜ¹ (1 − P(s)) ds`.
 * @example chooseBands(0.5, 128) // { bands: 32, rows: 4, … }
 */
export function chooseBands(threshold: number, perms: number, fpWeight = 0.2, fnWeight = 0.8): BandChoice {
  let best: BandChoice | undefined;
  let bestErr = Infinity;
  for (let b = 1; b <= perms; b++) {
    const maxR = Math.floor(perms / b);
    for (let r = 1; r <= maxR; r++) {
      const fp = integrate((s) => collisionProbability(s, b, r), 0, threshold);
      const fn = integrate((s) => 1 - collisionProbability(s, b, r), threshold, 1);
      const err = fpWeight * fp + fnWeight * fn;
      if (err < bestErr - 1e-12) {
        bestErr = err;
        best = { bands: b, rows: r, falsePositiveArea: fp, falseNegativeArea: fn };
      }
    }
  }
  return best!;
}

/**
 * Writes the b band hashes of one signature (sig[sigOffset..]) into out[outOffset..outOffset+b).
 * Each band's r values are combined with the band number as seed, so equal hashes in the same band
 * mean (up to a 2^-32 collision, which verification catches) equal rows.
 */
export function bandHashesInto(
  sig: Uint32Array,
  sigOffset: number,
  params: BandParams,
  out: Uint32Array,
  outOffset: number,
): void {
  const { bands, rows } = params;
  for (let band = 0; band < bands; band++) {
    let h = 0x62616e64 ^ band;
    const base = sigOffset + band * rows;
    for (let r = 0; r < rows; r++) h = mixStep(h, sig[base + r]);
    out[outOffset + band] = fmix32(h ^ rows);
  }
}
