/**
 * Pairwise similarity with the engine's own normalisation and shingling: what `dedup` compares
 * candidates by, for one pair.
 */
import { jaccardSorted } from './jaccard.js';
import { resolveOptions, type DedupOptions } from './options.js';
import { shingleHashes } from './text/shingle.js';

/**
 * Exact Jaccard similarity of the shingle sets of two texts.
 * @example similarity('库里受伤退场! 勇士输球了!', '库里受伤退场！勇士输球了！') // 1
 */
export function similarity(a: string, b: string, options: DedupOptions = {}): number {
  const o = resolveOptions(options);
  const params = { ngram: o.ngram, foldScript: o.foldScript, seed: o.seed };
  return jaccardSorted(shingleHashes(a, params), shingleHashes(b, params));
}
