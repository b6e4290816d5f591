/**
 * The decision for two article bodies: exact Jaccard of their char n-gram sets at or above the
 * body threshold, or — with containment on — one body inside the other:
 * |A ∩ B| / min(|A|, |B|) at or above the threshold.
 */
import { jaccardSorted } from '../sketch/jaccard.js';

export interface BodyDecision {
  similarity: number;
  containment: number;
  duplicate: boolean;
}

/**
 * Decides on bodies a[aFrom..aTo) and b[bFrom..bTo) (sorted unique shingle hashes).
 * @example bodyDecision(a, 0, a.length, b, 0, b.length, 0.8, false).duplicate
 */
export function bodyDecision(
  a: Uint32Array,
  aFrom: number,
  aTo: number,
  b: Uint32Array,
  bFrom: number,
  bTo: number,
  threshold: number,
  containment: boolean,
): BodyDecision {
  const na = aTo - aFrom;
  const nb = bTo - bFrom;
  if (na === 0 || nb === 0) return { similarity: 0, containment: 0, duplicate: false };
  const similarity = jaccardSorted(a, b, aFrom, aTo, bFrom, bTo);
  // |A ∩ B| from J = i / (na + nb − i).
  const contained = (similarity * (na + nb)) / (1 + similarity) / Math.min(na, nb);
  return {
    similarity,
    containment: contained,
    duplicate: similarity >= threshold || (containment && contained >= threshold - 1e-12),
  };
}
