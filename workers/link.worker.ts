/**
 * Worker entry for linking: bands over the shared corpus and caches (SharedArrayBuffer columns,
 * not copied); the verified pairs it found come back as one typed array of edges, with counts.
 * All the work is the shared `linkBands`. The same handler takes the counting pass of the
 * learned decision and the template headlines it reveals (a task with a `sketch`, see
 * count-task.ts), which dedup runs on a link thread while the main thread joins identical items:
 * any pool that links can count, with no handler of its own to add. A warm-up task (warm-up.ts)
 * does nothing: loading this module was its work.
 */
import { linkBands, type BandLinks, type LinkTask } from '../src/link/band-loop.js';
import { runCountTask, type CountAndFrameTask, type CountResult } from '../src/link/count-task.js';
import { isWarmUp, type WarmUpTask } from '../src/link/warm-up.js';

export default function link(
  task: LinkTask | CountAndFrameTask | WarmUpTask,
): BandLinks | CountResult | null {
  if (isWarmUp(task)) return null;
  if ('sketch' in task) return runCountTask(task);
  return linkBands(task);
}
