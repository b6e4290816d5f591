/**
 * Which pairs a reader labels next (active learning by uncertainty sampling, as dedupe does):
 * those whose probability under the current model lies nearest the removal cut-off, measured in
 * log-odds, where a label is most likely to move the decision. Each batch alternates between the
 * two sides of the cut-off — pairs the run removes and possible duplicates it keeps — and takes at
 * most one pair per frame (`frameOf`), so that a batch is not one template.
 */

import type { Model } from '../verify/model.js';

/** A pair that may be offered for review. */
export interface Candidate {
  /** `pairKey` of the pair: labelled keys are never offered again. */
  key: string;
  frame: string;
}

const logit = (p: number) => Math.log(Math.max(p, 1e-9) / Math.max(1 - p, 1e-9));

/**
 * The next `n` candidates to label: unlabelled, nearest the cut-off on alternate sides, one per
 * frame while frames last. Deterministic: ties go to the earlier candidate.
 * @example pickBatch(cands, probs, 0.6, 10, labelled).map((c) => c.key)
 */
export function pickBatch<C extends Candidate>(
  candidates: readonly C[],
  probabilities: readonly number[],
  cutoff: number,
  n: number,
  labelled: ReadonlySet<string>,
): C[] {
  const at = logit(cutoff);
  const order = (side: (p: number) => boolean) =>
    candidates
      .map((_c, i) => i)
      .filter((i) => !labelled.has(candidates[i].key) && side(probabilities[i]))
      .sort(
        (x, y) => Math.abs(logit(probabilities[x]) - at) - Math.abs(logit(probabilities[y]) - at) || x - y,
      );
  const sides = [order((p) => p >= cutoff), order((p) => p < cutoff)];
  const out: C[] = [];
  const taken = new Set<number>();
  const frames = new Set<string>();
  // First one pair per frame, alternating sides; then, if frames ran out, the nearest left.
  for (const oneFrame of [true, false]) {
    const next = [0, 0];
    let side = 0;
    while (out.length < n && (next[0] < sides[0].length || next[1] < sides[1].length)) {
      const list = sides[side];
      while (next[side] < list.length) {
        const i = list[next[side]++];
        if (taken.has(i) || (oneFrame && frames.has(candidates[i].frame))) continue;
        taken.add(i);
        frames.add(candidates[i].frame);
        out.push(candidates[i]);
        break;
      }
      side = 1 - side;
    }
  }
  return out;
}

/**
 * Whether a pair is worth a reader's label: not one a veto of the model decides. Such a pair is
 * removed at no cut-off and left out of every fit, so a label on it would change nothing.
 * @example offerable(scored, bundledModel()!) // false for 山东高考历史 / 山东高考历史 情怀
 */
export function offerable(pair: { features: ArrayLike<number> | null }, model: Model): boolean {
  return pair.features === null || model.veto(pair.features) === undefined;
}
