/**
 * Worker entry: one batch of texts in, one prepared batch out, its buffers transferred (not copied)
 * back to the main thread. All the work is the shared pure `prepareBatch`.
 */
import { Piscina } from 'piscina';
import { batchBuffers, prepareBatch, type PrepareParams } from '../src/engine/prepare.js';

export interface PrepareTask {
  texts: string[];
  params: PrepareParams;
}

export default function prepare(task: PrepareTask): unknown {
  const batch = prepareBatch(task.texts, task.params);
  // piscina moves the buffers named by transferableSymbol and sends valueSymbol in their place.
  return Piscina.move({
    get [Piscina.transferableSymbol]() {
      return batchBuffers(batch);
    },
    get [Piscina.valueSymbol]() {
      return batch;
    },
  } as never);
}
