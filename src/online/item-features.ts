/**
 * What the online index keeps per item, computed from its text with the same normalisation,
 * shingling, signatures and bands as batch dedup (so the two decide alike).
 */
import { bandHashesInto } from '../sketch/lsh.js';
import { makePermutations, signInto, type Permutations } from '../sketch/minhash.js';
import type { ResolvedOptions } from '../options/options.js';
import { shingleParams } from '../options/options.js';
import { Shingler } from '../text/shingle.js';
import { bodyShingles } from '../text/body-shingle.js';
import { ophSignatureInto } from '../sketch/oph.js';
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
  /**
   * Kept for the stored formats' layout: the item's own id. (Before star clustering it named the
   * story an added duplicate belonged to; `check` now adds only items that are not duplicates.)
   */
  root: string;
  /**
   * Arrival order: microseconds on the adding process's clock when first stored, strictly
   * increasing within a process. Ties in similarity go to the item that arrived first, as batch
   * star clustering gives them to the item earlier in its walk.
   */
  seq: number;
  /** Body shingles (sorted unique), when bodies are compared; empty otherwise. */
  body: Uint32Array;
  /**
   * The item's LSH band hashes: title bands, then body bands when bodies may decide (see
   * `FeatureMaker`); none for an item with nothing to compare.
   */
  bands: Uint32Array;
  /** The title, kept only for stores that recompute features from it (`IndexStore.needsText`). */
  text?: string;
  /** The body, likewise. */
  bodyText?: string;
}

/** A band hash of 0 stands for "no band" (a missing title or body); stores skip it. */
export const NO_BAND = 0;

/**
 * Which bands an item files, as in batch dedup: titles' for `match` title and both, bodies' for
 * body, both kinds (titles' first) for either.
 */
export function bandLayout(o: ResolvedOptions): { titleBands: number; bodyBands: number } {
  return {
    titleBands: o.match !== 'body' ? o.bands : 0,
    bodyBands: o.match === 'body' || o.match === 'either' ? o.bodyBands : 0,
  };
}

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

  /** Shingles, tokens, body shingles and bands (see `bandLayout`). */
  features(
    text: string,
    bodyText = '',
  ): { shingles: Uint32Array; tokens: Uint32Array; body: Uint32Array; bands: Uint32Array } {
    const o = this.#o;
    const sh = this.#shingler;
    const n = sh.shingle(text);
    const shingles = sh.hashes.slice(0, n);
    const tokens = sh.tokens.slice(0, sh.tokenCount);
    const layout = bandLayout(o);
    const body =
      o.match === 'title'
        ? new Uint32Array(0)
        : bodyShingles(bodyText, { ngram: o.bodyNgram, foldScript: o.foldScript, seed: o.seed });
    const titleBands = n > 0 ? layout.titleBands : 0;
    const bodyBands = body.length > 0 ? layout.bodyBands : 0;
    // An item with nothing to compare has no band slots; one with only one part keeps the other
    // part's slots at NO_BAND, which stores never file.
    const bands = new Uint32Array(titleBands + bodyBands === 0 ? 0 : layout.titleBands + layout.bodyBands);
    if (titleBands > 0) {
      signInto(shingles, 0, n, this.#perms, this.#sig, 0);
      bandHashesInto(this.#sig, 0, o, bands, 0);
    }
    if (bodyBands > 0) {
      if (o.bodyKernel === 'oph') ophSignatureInto(body, 0, body.length, o.perms, o.seed, this.#sig, 0);
      else signInto(body, 0, body.length, this.#perms, this.#sig, 0);
      bandHashesInto(this.#sig, 0, { bands: o.bodyBands, rows: o.bodyRows }, bands, layout.titleBands);
    }
    return { shingles, tokens, body, bands };
  }
}

export function storedView(item: Pick<StoredItem, 'shingles' | 'tokens' | 'date'>): ItemView {
  return {
    shingles: item.shingles,
    sFrom: 0,
    sTo: item.shingles.length,
    tokens: item.tokens,
    tFrom: 0,
    tTo: item.tokens.length,
    date: item.date,
  };
}
