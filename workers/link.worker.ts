/**
 * Worker entry for linking: bands over the shared corpus and caches (SharedArrayBuffer columns,
 * not copied); the verified pairs it found come back as one typed array of edges, with counts.
 * All the work is the shared `linkBands`. The same handler takes the counting pass of the
 * learned decision (a task with a `sketch`, see corpus-df.ts), which dedup runs on a link thread
 * while the main thread joins identical items: any pool that links can count, with no handler
 * of its own to add.
 */
import { linkBands, type BandLinks, type LinkTask } from '../src/link/band-loop.js';
import { countPart, type CountTask } from '../src/link/corpus-df.js';

export default function link(task: LinkTask | CountTask): BandLinks | undefined {
  if ('sketch' in task) {
    countPart(task);
    return undefined;
  }
  return linkBands(task);
}
