/**
 * A task that only has a link thread load its modules. A thread imports the link handler's modules
 * on its first task (workers/entry.cts); dedup starts its link threads while it builds the corpus,
 * and handing each one this task then lets them load while the main thread builds, instead of
 * after, when the corpus counts wait on the thread that takes them (see corpus-df.ts).
 */
export interface WarmUpTask {
  warmUp: true;
}

export const WARM_UP: WarmUpTask = { warmUp: true };

/** Whether a link task is the warm-up. */
export function isWarmUp(task: object): task is WarmUpTask {
  return 'warmUp' in task;
}
