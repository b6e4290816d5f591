/**
 * Worker entry for linking: one band range over the shared corpus (SharedArrayBuffer columns,
 * not copied), verified edges back (transferred). All the work is the shared `linkBands`.
 */
import { Piscina } from 'piscina';
import { linkBands, type LinkTask } from '../src/engine/link.js';

export default function link(task: LinkTask): unknown {
  const result = linkBands(task);
  return Piscina.move({
    get [Piscina.transferableSymbol]() {
      return [result.edges.buffer];
    },
    get [Piscina.valueSymbol]() {
      return result;
    },
  } as never);
}
