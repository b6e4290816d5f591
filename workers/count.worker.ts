/**
 * Worker entry for the learned decision's corpus counts: one part of the counting pass over the
 * shared corpus, into a shared sketch (see corpus-df.ts). It runs while the main thread joins
 * identical items, so the link stage's first half second uses both cores.
 */
import { countPart, type CountTask } from '../src/link/corpus-df.js';

export default function count(task: CountTask): void {
  countPart(task);
}
