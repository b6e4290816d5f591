/**
 * Worker entry: one task in (texts, or raw lines to parse), one prepared batch out, its buffers
 * transferred (not copied) back to the main thread. All the work is the shared pure `runBatch`.
 */
import { Piscina } from 'piscina';
import { resultBuffers, runBatch, type BatchTask } from '../src/prepare/batch-task.js';
import type { PrepareParams } from '../src/prepare/prepare.js';

export interface WorkerTask {
  task: BatchTask;
  params: PrepareParams;
}

export default function prepare({ task, params }: WorkerTask): unknown {
  const result = runBatch(task, params);
  // piscina moves the buffers named by transferableSymbol and sends valueSymbol in their place.
  return Piscina.move({
    get [Piscina.transferableSymbol]() {
      return resultBuffers(result);
    },
    get [Piscina.valueSymbol]() {
      return result;
    },
  } as never);
}
