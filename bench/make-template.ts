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
import { templateLines } from './lib/template.js';

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
