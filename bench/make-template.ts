/**
 * Writes a template-heavy corpus: N headlines that all share one frame (`民间故事：`) followed by
 * two random CJK characters, as JSONL `{"id","title"}` (issue #32's worst case: real feeds carry
 * such frames by the thousand — weather warnings, board announcements, daily columns).
 *   node dist/bench/make-template.js N OUT.jsonl [SEED]
 * Every pair shares the frame's shingles, so its LSH buckets are as large as the corpus allows; the
 * characters come from a seeded generator (mulberry32), so the same N and seed give the same file,
 * and a smaller N gives a prefix of a larger one.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

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

async function main(): Promise<void> {
  const [nArg, out, seedArg] = process.argv.slice(2);
  const n = Number(nArg);
  if (!Number.isInteger(n) || n < 1 || out === undefined) {
    console.error('usage: node dist/bench/make-template.js N OUT.jsonl [SEED]');
    process.exit(2);
  }
  const file = createWriteStream(out);
  for (const line of templateLines(n, seedArg === undefined ? 32 : Number(seedArg)))
    if (!file.write(line)) await once(file, 'drain');
  file.end();
  await once(file, 'finish');
}

await main();
