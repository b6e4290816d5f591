/**
 * Shingling: token n-grams hashed to sorted, unique 32-bit integers. A CJK character and a Latin
 * or digit word are both one token, so mixed text is shingled in one pass and n-grams run across
 * script boundaries (`的offer`). A text with fewer than n tokens is one shingle of all its tokens —
 * short headlines are never dropped. A text with no tokens at all has no shingles; the engine
 * keeps it as an item of its own that matches nothing.
 */
import { fmix32, mixStep } from '../sketch/hash.js';
import { sortAscending } from '../sketch/sort-ascending.js';
import { prepareText } from './normalize.js';
import { markParts, stripTags } from './tags.js';
import { tokenizePrepared } from './tokenize.js';

export interface ShingleParams {
  /** Tokens per shingle. */
  ngram: number;
  /** Fold Traditional characters to Simplified before shingling. */
  foldScript: boolean;
  /** Seed of the shingle hash. */
  seed: number;
  /** Remove outlet and media tags (组图, 视频, 人民日报 …) before shingling. */
  stripTags: boolean;
}

/** Hash of tokens[start..start+n): a seeded Murmur3-style combine, finalised. */
function ngramHash(tokens: Uint32Array, start: number, n: number, seed: number): number {
  let h = seed ^ n;
  for (let k = 0; k < n; k++) h = mixStep(h, tokens[start + k]);
  return fmix32(h ^ n);
}

/** Sorts a[0..n) ascending and drops repeats in place; returns the unique count. */
export function sortUnique(a: Uint32Array, n: number): number {
  if (n < 2) return n;
  sortAscending(a, 0, n);
  let w = 1;
  for (let i = 1; i < n; i++) if (a[i] !== a[w - 1]) a[w++] = a[i];
  return w;
}

/**
 * Reusable shingler for the hot path: `shingle(text)` fills `this.hashes[0..count)` with the sorted
 * unique shingle hashes and returns count, allocating only when a text is longer than any before.
 */
export class Shingler {
  /** The tokens of the last text shingled: tokens[0..tokenCount). */
  tokens = new Uint32Array(256);
  tokenCount = 0;
  hashes = new Uint32Array(256);
  readonly #params: ShingleParams;

  constructor(params: ShingleParams) {
    this.#params = params;
  }

  shingle(text: string): number {
    let s = markParts(prepareText(text));
    if (this.#params.stripTags) s = stripTags(s);
    let nTokens = tokenizePrepared(s, this.#params.foldScript, this.tokens);
    if (nTokens > this.tokens.length) {
      this.tokens = new Uint32Array(nTokens * 2);
      nTokens = tokenizePrepared(s, this.#params.foldScript, this.tokens);
    }
    this.tokenCount = nTokens;
    if (nTokens === 0) return 0;
    const n = Math.min(this.#params.ngram, nTokens);
    const count = nTokens - n + 1;
    if (count > this.hashes.length) this.hashes = new Uint32Array(count * 2);
    const seed = this.#params.seed;
    for (let i = 0; i < count; i++) this.hashes[i] = ngramHash(this.tokens, i, n, seed);
    return sortUnique(this.hashes, count);
  }
}

/**
 * The sorted unique shingle hashes of one text (allocates; for one-off use).
 * @example shingleHashes('芋丝酥在TikTok上', { ngram: 2, foldScript: true, seed: 1, stripTags: true }).length // 6
 */
export function shingleHashes(text: string, params: ShingleParams): Uint32Array {
  const sh = new Shingler(params);
  const n = sh.shingle(text);
  return sh.hashes.slice(0, n);
}
