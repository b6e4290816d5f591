/**
 * The per-item stages of the pipeline over one batch: normalise → shingle → sign → band.
 * A pure function of (texts, params) with typed-array output, so the single-thread path and the
 * worker pool run exactly the same code and the pool can transfer results without copying.
 */
import { fmix32, mixStep } from '../sketch/hash.js';
import { bandHashesInto } from '../sketch/lsh.js';
import { makePermutations, signInto, type Permutations } from '../sketch/minhash.js';
import { Shingler } from '../text/shingle.js';
import { wasmSignAndBand } from '../sketch/kernel/wasm-kernel.js';
import { ophSignatureInto } from '../sketch/oph.js';
import { bodyShingles } from '../text/body-shingle.js';

/** What a batch needs to know: the shingle and signature parameters, plain data for workers. */
export interface PrepareParams {
  ngram: number;
  foldScript: boolean;
  seed: number;
  stripTags: boolean;
  perms: number;
  bands: number;
  rows: number;
  /** Which signature kernel: the WebAssembly SIMD one where it runs (`auto`), or TypeScript. @default 'auto' */
  kernel?: 'auto' | 'js';
  /** Body signatures, when bodies are compared. */
  body?: BodyParams;
}

export interface BodyParams {
  ngram: number;
  perms: number;
  bands: number;
  rows: number;
  kernel: 'oph' | 'classic';
}

/** The body part of a batch: shingles and band hashes, as for titles. */
export interface PreparedBodies {
  shingleOffsets: Uint32Array;
  shingles: Uint32Array;
  bandHashes: Uint32Array;
}

export interface PreparedBatch {
  /** Items in the batch. */
  count: number;
  /** Item i's shingles are shingles[shingleOffsets[i] .. shingleOffsets[i+1]). */
  shingleOffsets: Uint32Array;
  /** Sorted unique shingle hashes, item after item. */
  shingles: Uint32Array;
  /** Item i's tokens (in text order) are tokens[tokenOffsets[i] .. tokenOffsets[i+1]). */
  tokenOffsets: Uint32Array;
  tokens: Uint32Array;
  /** count × bands LSH band hashes. */
  bandHashes: Uint32Array;
  /** A hash of each item's whole shingle set: equal sets, equal hash (exact-duplicate key). */
  setHashes: Uint32Array;
  /** Each text's length in UTF-16 units (for the `longest` canonical policy). */
  textLengths: Uint32Array;
  bodies?: PreparedBodies;
}

const permCache = new Map<string, Permutations>();

function permutationsFor(perms: number, seed: number): Permutations {
  const key = `${perms}:${seed}`;
  let p = permCache.get(key);
  if (!p) permCache.set(key, (p = makePermutations(perms, seed)));
  return p;
}

/**
 * Shingles, signs and bands a batch of texts.
 * @example prepareBatch(['标题一', '标题二'], { ngram: 2, foldScript: true, seed: 1, stripTags: true, perms: 128, bands: 40, rows: 3 })
 */
export function prepareBatch(
  texts: readonly string[],
  params: PrepareParams,
  bodies?: readonly string[],
): PreparedBatch {
  const count = texts.length;
  const perms = permutationsFor(params.perms, params.seed);
  const shingler = new Shingler(params);
  const shingleOffsets = new Uint32Array(count + 1);
  let shingles = new Uint32Array(Math.max(16, count * 16));
  const tokenOffsets = new Uint32Array(count + 1);
  let tokens = new Uint32Array(Math.max(16, count * 16));
  let usedTokens = 0;
  const bandHashes = new Uint32Array(count * params.bands);
  const setHashes = new Uint32Array(count);
  const textLengths = new Uint32Array(count);
  let used = 0;
  for (let i = 0; i < count; i++) {
    const text = texts[i];
    textLengths[i] = text.length;
    const n = shingler.shingle(text);
    if (used + n > shingles.length) {
      const grown = new Uint32Array(Math.max(shingles.length * 2, used + n));
      grown.set(shingles.subarray(0, used));
      shingles = grown;
    }
    // Element loops, not set(subarray()): a text has a dozen or so shingles and tokens, and a
    // subarray view per text cost more than the copy.
    const hashes = shingler.hashes;
    let h = 0x73657421 ^ n;
    for (let k = 0; k < n; k++) {
      shingles[used + k] = hashes[k];
      h = mixStep(h, hashes[k]);
    }
    setHashes[i] = fmix32(h ^ n);
    const nt = shingler.tokenCount;
    if (usedTokens + nt > tokens.length) {
      const grown = new Uint32Array(Math.max(tokens.length * 2, usedTokens + nt));
      grown.set(tokens.subarray(0, usedTokens));
      tokens = grown;
    }
    const textTokens = shingler.tokens;
    for (let k = 0; k < nt; k++) tokens[usedTokens + k] = textTokens[k];
    usedTokens += nt;
    tokenOffsets[i + 1] = usedTokens;
    used += n;
    shingleOffsets[i + 1] = used;
  }
  signAndBand(shingles, shingleOffsets, count, perms, params, bandHashes);
  const preparedBodies = params.body && bodies ? prepareBodies(bodies, params, perms) : undefined;
  return {
    bodies: preparedBodies,
    count,
    shingleOffsets,
    shingles: shingles.slice(0, used),
    tokenOffsets,
    tokens: tokens.slice(0, usedTokens),
    bandHashes,
    setHashes,
    textLengths,
  };
}

/**
 * Signs and bands every item of a batch: the SIMD kernel when it runs here and the permutation
 * count is a multiple of 16, else the TypeScript path (the same bits either way; tested).
 */
function signAndBand(
  shingles: Uint32Array,
  offsets: Uint32Array,
  count: number,
  perms: Permutations,
  params: PrepareParams,
  out: Uint32Array,
): void {
  const kernel = params.kernel !== 'js' && params.perms % 16 === 0 ? wasmSignAndBand() : undefined;
  if (kernel) {
    kernel(shingles, offsets, count, perms, params.bands, params.rows, out);
    return;
  }
  const sig = new Uint32Array(params.perms);
  for (let i = 0; i < count; i++) {
    if (offsets[i + 1] === offsets[i]) continue;
    signInto(shingles, offsets[i], offsets[i + 1], perms, sig, 0);
    bandHashesInto(sig, 0, params, out, i * params.bands);
  }
}

/**
 * Body shingles (char n-grams), signatures and bands. One-permutation hashing for long texts:
 * O(n + k) per body instead of the O(n·k) of k permutations (`kernel: 'classic'`, for comparison).
 */
function prepareBodies(
  bodies: readonly string[],
  params: PrepareParams,
  perms: Permutations,
): PreparedBodies {
  const b = params.body!;
  const count = bodies.length;
  const offsets = new Uint32Array(count + 1);
  const parts: Uint32Array[] = [];
  for (let i = 0; i < count; i++) {
    const s = bodyShingles(bodies[i] ?? '', {
      ngram: b.ngram,
      foldScript: params.foldScript,
      seed: params.seed,
    });
    parts.push(s);
    offsets[i + 1] = offsets[i] + s.length;
  }
  const shingles = new Uint32Array(offsets[count]);
  parts.forEach((p, i) => shingles.set(p, offsets[i]));
  const bandHashes = new Uint32Array(count * b.bands);
  if (b.kernel === 'classic') {
    signAndBand(shingles, offsets, count, perms, { ...params, bands: b.bands, rows: b.rows }, bandHashes);
  } else {
    const sig = new Uint32Array(b.perms);
    for (let i = 0; i < count; i++) {
      if (offsets[i + 1] === offsets[i]) continue;
      ophSignatureInto(shingles, offsets[i], offsets[i + 1], b.perms, params.seed, sig, 0);
      bandHashesInto(sig, 0, b, bandHashes, i * b.bands);
    }
  }
  return { shingleOffsets: offsets, shingles, bandHashes };
}
