/**
 * Template-heavy headlines for the speed bench (issue #32's worst case): a frame (`民间故事：`)
 * that every headline shares, followed by two random CJK characters from a seeded generator.
 */

/** The template frame every headline starts with. */
export const FRAME = '民间故事：';
/** The CJK Unified Ideographs block's common part, U+4E00–U+9FA5. */
const FIRST = 0x4e00;
const COUNT = 0x9fa5 - 0x4e00 + 1;

/** mulberry32: a 32-bit seeded generator, enough for picking characters reproducibly. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The i-th..n-th template headlines of a seed, as JSONL lines. */
export function* templateLines(n: number, seed = 32): Generator<string> {
  const next = mulberry32(seed);
  for (let i = 0; i < n; i++) {
    const a = String.fromCharCode(FIRST + Math.floor(next() * COUNT));
    const b = String.fromCharCode(FIRST + Math.floor(next() * COUNT));
    yield `${JSON.stringify({ id: `t${i + 1}`, title: FRAME + a + b })}\n`;
  }
}
