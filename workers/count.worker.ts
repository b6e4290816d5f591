/**
 * Worker entry for the learned decision's counting pass: one part of the sketch's cells, counted
 * over the shared corpus into the shared sketch (see corpus-df.ts). Nothing comes back.
 */
import { countPart, type CountTask } from '../src/link/corpus-df.js';

export default function count(task: CountTask): void {
  countPart(task);
}
