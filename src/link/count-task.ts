/**
 * The task a link thread takes while the main thread joins identical items (see corpus-df.ts):
 * the corpus counts, then, where the band loop bounds frames, the template headlines those counts
 * reveal (template-items.ts). Finding them needs the counts and nothing of the join, so on a pool
 * they are found here, on every item, instead of on the main thread among the representatives
 * after both: the link thread is done counting well before the join is, and the main thread no
 * longer holds up the bands for them. Only representatives' slots are ever read, so looking at
 * the other items too changes no decision.
 */
import { countPart, type CountTask } from './corpus-df.js';
import { templateItems, type TemplateItems } from './template-items.js';

/** What to find the template headlines with: the frame bound and the similarity pairs must reach. */
export interface FrameTask {
  frameItems: number;
  t: number;
}

/** A counting part, with the template headlines to find once it is counted (one part only). */
export interface CountAndFrameTask extends CountTask {
  frames?: FrameTask;
}

/** What a counting task found: the template headlines when asked for (undefined: none). */
export interface CountResult {
  templates: TemplateItems | undefined;
}

/**
 * Counts the task's part of the sketch; with `frames` (and the whole sketch, one part), finds the
 * template headlines among every item of the corpus, in shared memory.
 * @example runCountTask({ corpus, sketch, part: 0, parts: 1, tokens: false, frames: { frameItems: FRAME_ITEMS, t: 0.4 } }).templates
 */
export function runCountTask(task: CountAndFrameTask): CountResult {
  countPart(task);
  const { frames, corpus, sketch } = task;
  if (frames === undefined) return { templates: undefined };
  if (task.parts !== 1)
    throw new RangeError(`template headlines need the whole count; got part ${task.part} of ${task.parts}`);
  return { templates: templateItems(corpus, undefined, sketch.shingles, frames.frameItems, frames.t, true) };
}
