/**
 * Seeded 32-bit hashing. Everything here is integer maths on `Math.imul` and `>>> 0`, so the
 * same input and seed give the same value in every process, on every machine and in the
 * WebAssembly kernel: signatures built by two processes can be compared.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Murmur3's finaliser: a bijection on 32-bit integers that spreads every input bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One Murmur3 block step: folds the 32-bit value `k` into the running hash `h`. */
export function mixStep(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * Murmur3-style hash of UTF-16 code units `s[start..end)`, without allocating a substring.
 * @example hashString('offer', 0, 5, 1) // same number on every machine
 */
export function hashString(s: string, start: number, end: number, seed: number): number {
  let h = seed | 0;
  for (let i = start; i < end; i++) h = mixStep(h, s.charCodeAt(i));
  return fmix32(h ^ (end - start));
}

/**
 * A small seeded generator (splitmix32) for hash parameters. Not for anything secret: it only
 * has to be portable and well spread.
 */
export function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
