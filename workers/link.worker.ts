/**
 * Worker entry for linking: bands over the shared corpus and sets (SharedArrayBuffer columns, not
 * copied); the pairs it joins are in the shared sets, and only counts come back. All the work is
 * the shared `linkBands`.
 */
import { linkBands, type BandLinks, type LinkTask } from '../src/engine/link.js';

export default function link(task: LinkTask): BandLinks {
  return linkBands(task);
}
