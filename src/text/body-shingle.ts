/**
 * Shingles for article bodies: character n-grams (default 5) over the body reduced to letters and
 * digits after NFKC, lower case and optional Traditional → Simplified folding — the form the
 * issue's exact oracle uses, so engine and oracle count the same shingles. Long texts make
 * n-grams of characters both cheap and discriminating; no segmenter is needed.
 */
import { fmix32, mixStep } from '../sketch/hash.js';
import { foldCodePoint } from './script-fold.js';
import { prepareText } from './normalize.js';

const KEEP = /[\p{L}\p{N}]/u;
// Classes of BMP code points: 1 keep, 2 drop, 0 not yet known.
const keepCache = new Uint8Array(0x10000);

function keep(cp: number): boolean {
  if (cp < 0x10000) {
    let c = keepCache[cp];
    if (c === 0) keepCache[cp] = c = KEEP.test(String.fromCodePoint(cp)) ? 1 : 2;
    return c === 1;
  }
  return KEEP.test(String.fromCodePoint(cp));
}

/** The body's kept code points (letters and digits), folded. */
export function bodyCodePoints(text: string, fold: boolean, out: number[] = []): number[] {
  out.length = 0;
  for (const ch of prepareText(text)) {
    const cp = ch.codePointAt(0)!;
    if (keep(cp)) out.push(fold ? foldCodePoint(cp) : cp);
  }
  return out;
}

/**
 * Sorted unique hashes of the body's character n-grams; a body shorter than n is one shingle.
 * @example bodyShingles('新京报讯 (记者 刘玮)…', { ngram: 5, foldScript: true, seed: 1 })
 */
export function bodyShingles(
  text: string,
  params: { ngram: number; foldScript: boolean; seed: number },
): Uint32Array {
  const cps = bodyCodePoints(text, params.foldScript);
  if (cps.length === 0) return new Uint32Array(0);
  const n = Math.min(params.ngram, cps.length);
  const count = cps.length - n + 1;
  const out = new Uint32Array(count);
  const seed = params.seed ^ 0x626f6479;
  for (let i = 0; i < count; i++) {
    let h = seed ^ n;
    for (let k = 0; k < n; k++) h = mixStep(h, cps[i + k]);
    out[i] = fmix32(h ^ n);
  }
  out.sort();
  let w = 1;
  for (let i = 1; i < count; i++) if (out[i] !== out[w - 1]) out[w++] = out[i];
  return out.slice(0, w);
}
