/**
 * Locality-sensitive banding of MinHash signatures. The k positions are cut into b bands of r rows;
 * two items become candidates when all r rows of any band agree, which happens with probability
 *
 *     P(s) = 1 − (1 − s^r)^b
 *
 * for Jaccard similarity s: an S-curve whose steep part sits near (1/b)^(1/r). `chooseBands` picks
 * (b, r) from the areas of false positives below the threshold and false negatives above it, as
 * datasketch does, but recall first, because every candidate is verified exactly afterwards.
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
  return 1 - (1 - s ** rows) ** bands;
}

function integrate(f: (x: number) => number, lo: number, hi: number, steps = 200): number {
  // Midpoint rule: P(s) is smooth, and 200 steps put the error far below what separates choices.
  const h = (hi - lo) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(lo + (i + 0.5) * h);
  return sum * h;
}

/**
 * The (bands, rows) for a threshold and permutation count. Recall first: among the choices with
 * b·r ≤ k whose collision probability at the threshold itself is at least `minRecall`, the one
 * with the least false-positive area ∫₀ᵗ P(s) ds. Verification removes false positives, so they
 * only cost time, while a pair the bands miss is lost for good; pairs sit exactly at the
 * threshold often with short headlines (4 of 8 bigrams shared is exactly 0.5). When no choice
 * reaches `minRecall`, it minimises `0.05·FP + 0.95·FN` instead, the datasketch objective
 * weighted towards recall.
 * @example chooseBands(0.5, 128) // { bands: 40, rows: 3, … }: P(0.5) = 0.995
 */
export function chooseBands(threshold: number, perms: number, minRecall = 0.995): BandChoice {
  // The search costs a few milliseconds; option objects are resolved often with the same values.
  const key = `${threshold}:${perms}:${minRecall}`;
  const known = bandChoices.get(key);
  if (known) return known;
  const choice = searchBands(threshold, perms, minRecall);
  bandChoices.set(key, choice);
  return choice;
}

const bandChoices = new Map<string, BandChoice>();

/**
 * The search behind `chooseBands`. For a given r, P(s) grows with b at every s in (0, 1), so both
 * the recall at the threshold and the false-positive area grow with b: the smallest b that reaches
 * `minRecall` is the only one of its r that can have the least area. Integrating that one per r
 * (not all ~700 (b, r) pairs for 128 permutations) keeps the search short, and it is paid at
 * every start of the CLI; `searchBandsExhaustive` is the plain search it must agree with (tested).
 */
function searchBands(threshold: number, perms: number, minRecall: number): BandChoice {
  let best: BandChoice | undefined;
  let bestFp = Infinity;
  for (let r = 1; r <= perms; r++) {
    let b = 1;
    while (b * r <= perms && collisionProbability(threshold, b, r) < minRecall) b++;
    if (b * r > perms) continue;
    const fp = integrate((s) => collisionProbability(s, b, r), 0, threshold);
    if (fp < bestFp - 1e-12) {
      bestFp = fp;
      best = {
        bands: b,
        rows: r,
        falsePositiveArea: fp,
        falseNegativeArea: integrate((s) => 1 - collisionProbability(s, b, r), threshold, 1),
      };
    }
  }
  return best ?? fallbackBands(threshold, perms);
}

/** When no (b, r) reaches the recall asked for: the least `0.05·FP + 0.95·FN`. */
function fallbackBands(threshold: number, perms: number): BandChoice {
  let fallback: BandChoice | undefined;
  let fallbackErr = Infinity;
  for (let r = 1; r <= perms; r++) {
    for (let b = 1; b * r <= perms; b++) {
      const fp = integrate((s) => collisionProbability(s, b, r), 0, threshold);
      const fn = integrate((s) => 1 - collisionProbability(s, b, r), threshold, 1);
      const err = 0.05 * fp + 0.95 * fn;
      if (err < fallbackErr - 1e-12) {
        fallbackErr = err;
        fallback = { bands: b, rows: r, falsePositiveArea: fp, falseNegativeArea: fn };
      }
    }
  }
  return fallback!;
}

/** Every (b, r) with b·r ≤ perms, both areas integrated: the slow, obvious search (test oracle). */
export function searchBandsExhaustive(threshold: number, perms: number, minRecall = 0.995): BandChoice {
  let best: BandChoice | undefined;
  let bestFp = Infinity;
  for (let r = 1; r <= perms; r++) {
    for (let b = 1; b * r <= perms; b++) {
      const fp = integrate((s) => collisionProbability(s, b, r), 0, threshold);
      if (collisionProbability(threshold, b, r) >= minRecall && fp < bestFp - 1e-12) {
        bestFp = fp;
        best = {
          bands: b,
          rows: r,
          falsePositiveArea: fp,
          falseNegativeArea: integrate((s) => 1 - collisionProbability(s, b, r), threshold, 1),
        };
      }
    }
  }
  return best ?? fallbackBands(threshold, perms);
}

/**
 * Writes the b band hashes of one signature (sig[sigOffset..]) into out[outOffset..outOffset+b).
 * Band j takes signature positions j, j + b, j + 2b, … (row r at r·b + j): any disjoint choice of
 * positions is a valid banding, and this one lets the SIMD kernel hash four bands in one vector.
 * Each band's r values are combined with the band number as seed, so equal hashes in the same
 * band mean (up to a 2^-32 collision, which verification catches) equal rows.
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
    for (let r = 0; r < rows; r++) h = mixStep(h, sig[sigOffset + r * bands + band]);
    out[outOffset + band] = fmix32(h ^ rows);
  }
}
