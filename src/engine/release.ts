/**
 * Letting go of columns between stages. The large columns are (Shared)ArrayBuffers whose memory
 * returns only when a full garbage collection finds their wrappers dead, and V8 may not run one
 * for seconds — long enough for the next stage to stack its own allocations on top. So, when the
 * caller opts in (`RunOptions.collectGarbage`; the CLI does), after dropping a stage's columns on
 * a large corpus a full collection is asked for: it is short beside a stage, and makes the peak
 * memory of a run the same from run to run. It is opt-in because reaching `gc()` turns on V8's
 * `--expose-gc` for the whole process, which a library must not do to its host unasked.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Corpus } from '../prepare/corpus.js';

/** Below this many items the columns are small and a collection is not worth asking for. */
const COLLECT_FROM_ITEMS = 100_000;

let gc: (() => void) | null | undefined;

/** V8's `gc()`, reachable without --expose-gc (the technique test runners use to find leaks). */
function fullCollection(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** A full collection for a corpus of `items`, when asked for and large enough to be worth one. */
function collectFor(items: number, collect: boolean): void {
  if (collect && items >= COLLECT_FROM_ITEMS) fullCollection();
}

/** After building the corpus: the buffers the columns grew out of, and the batches, are garbage. */
export function collectBuildGarbage(c: Corpus, collect: boolean): void {
  collectFor(c.size, collect);
}

/** After linking: band keys and tokens are not read again. */
export function releaseLinkColumns(c: Corpus, collect: boolean): void {
  c.bandChunks = [];
  c.tokens = new Uint16Array(0);
  if (c.body) c.body.bandChunks = [];
  collectFor(c.size, collect);
}

/** After clustering: only ids are handed on (in the result); every other column can go. */
export function releaseCorpus(c: Corpus, collect: boolean): void {
  c.shingles = new Uint32Array(0);
  c.shingleOffsets = new Uint32Array(0);
  c.tokenOffsets = new Uint32Array(0);
  c.setHashes = new Uint32Array(0);
  c.textLengths = new Uint32Array(0);
  c.dates = new Float64Array(0);
  c.body = undefined;
  collectFor(c.size, collect);
}
