/**
 * Worker entry for linking: bands over the shared corpus and caches (SharedArrayBuffer columns,
 * not copied); the verified pairs it found come back as one typed array of edges, with counts.
 * All the work is the shared `linkBands`.
 */
import { linkBands, type BandLinks, type LinkTask } from '../src/link/band-loop.js';

export default function link(task: LinkTask): BandLinks {
  return linkBands(task);
}
