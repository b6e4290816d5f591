/**
 * What the online index keeps per item, computed from its text with the same normalisation,
 * shingling, signatures and bands as batch dedup (so the two decide alike).
 */
import { bandHashesInto } from '../lsh.js';
import { makePermutations, signInto, type Permutations } from '../minhash.js';
import type { ResolvedOptions } from '../options.js';
import { shingleParams } from '../options.js';
import { Shingler } from '../text/shingle.js';
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
  /** One hash per LSH band. */
  bands: Uint32Array;
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

  features(text: string): { shingles: Uint32Array; tokens: Uint32Array; bands: Uint32Array } {
    const sh = this.#shingler;
    const n = sh.shingle(text);
    const shingles = sh.hashes.slice(0, n);
    const tokens = sh.tokens.slice(0, sh.tokenCount);
    const bands = new Uint32Array(this.#o.bands);
    if (n > 0) {
      signInto(shingles, 0, n, this.#perms, this.#sig, 0);
      bandHashesInto(this.#sig, 0, this.#o, bands, 0);
    }
    return { shingles, tokens, bands };
  }
}

export function storedView(item: Pick<StoredItem, 'shingles' | 'tokens' | 'date'>): ItemView {
  return { shingles: item.shingles, sFrom: 0, sTo: item.shingles.length, tokens: item.tokens, tFrom: 0, tTo: item.tokens.length, date: item.date };
}
