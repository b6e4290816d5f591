/**
 * What the online index keeps per item, computed from its text with the same normalisation,
 * shingling, signatures and bands as batch dedup (so the two decide alike).
 */
import { bandHashesInto } from '../lsh.js';
import { makePermutations, signInto, type Permutations } from '../minhash.js';
import type { ResolvedOptions } from '../options.js';
import { shingleParams } from '../options.js';
import { Shingler } from '../text/shingle.js';
import { bodyShingles } from '../text/body-shingle.js';
import { ophSignatureInto } from '../oph.js';
import type { ItemView } from '../verify/item-view.js';

export interface StoredItem {
  id: string;
  /** Sorted unique shingle hashes. */
  shingles: Uint32Array;
  /** Token ids in text order (for the rules). */
  tokens: Uint32Array;
  /** Epoch ms: the item's date, or when it was added. Drives the time window. */
  time: number;
  /** Epoch ms of the item's own date (NaN when it had none), for the date-gap rule. */
  date: number;
  /** The id this item was found a duplicate of when added (its own id when new). */
  root: string;
  /** Body shingles (sorted unique), when bodies are compared; empty otherwise. */
  body: Uint32Array;
  /**
   * The item's LSH band hashes: title bands, then body bands when bodies may decide (see
   * `FeatureMaker`); none for an item with nothing to compare.
   */
  bands: Uint32Array;
}

/** A band hash of 0 stands for "no band" (a missing title or body); stores skip it. */
export const NO_BAND = 0;

/** Computes shingles, tokens and band hashes for texts, reusing its buffers. */
export class FeatureMaker {
  readonly #shingler: Shingler;
  readonly #perms: Permutations;
  readonly #sig: Uint32Array;
  readonly #o: ResolvedOptions;

  constructor(o: ResolvedOptions) {
    this.#o = o;
    this.#shingler = new Shingler(shingleParams(o));
    this.#perms = makePermutations(o.perms, o.seed);
    this.#sig = new Uint32Array(o.perms);
  }

  /**
   * Shingles, tokens, body shingles and bands. Which bands, as in batch dedup: titles' for
   * `match` title and both, bodies' for body, both kinds for either.
   */
  features(text: string, bodyText = ''): { shingles: Uint32Array; tokens: Uint32Array; body: Uint32Array; bands: Uint32Array } {
    const o = this.#o;
    const sh = this.#shingler;
    const n = sh.shingle(text);
    const shingles = sh.hashes.slice(0, n);
    const tokens = sh.tokens.slice(0, sh.tokenCount);
    const useTitle = o.match !== 'body';
    const useBody = o.match === 'body' || o.match === 'either';
    const body = o.match === 'title' ? new Uint32Array(0) : bodyShingles(bodyText, { ngram: o.bodyNgram, foldScript: o.foldScript, seed: o.seed });
    const titleBands = useTitle && n > 0 ? o.bands : 0;
    const bodyBands = useBody && body.length > 0 ? o.bodyBands : 0;
    // A missing part leaves its band slots out entirely, so it files nothing.
    const bands = new Uint32Array(titleBands + bodyBands === 0 ? 0 : (useTitle ? o.bands : 0) + (useBody ? o.bodyBands : 0));
    if (titleBands > 0) {
      signInto(shingles, 0, n, this.#perms, this.#sig, 0);
      bandHashesInto(this.#sig, 0, o, bands, 0);
    }
    if (bodyBands > 0) {
      if (o.bodyKernel === 'oph') ophSignatureInto(body, 0, body.length, o.perms, o.seed, this.#sig, 0);
      else signInto(body, 0, body.length, this.#perms, this.#sig, 0);
      bandHashesInto(this.#sig, 0, { bands: o.bodyBands, rows: o.bodyRows }, bands, useTitle ? o.bands : 0);
    }
    // A part that is missing keeps band hashes of 0, which stores never file (NO_BAND).
    return { shingles, tokens, body, bands };
  }
}

export function storedView(item: Pick<StoredItem, 'shingles' | 'tokens' | 'date'>): ItemView {
  return { shingles: item.shingles, sFrom: 0, sTo: item.shingles.length, tokens: item.tokens, tFrom: 0, tTo: item.tokens.length, date: item.date };
}
