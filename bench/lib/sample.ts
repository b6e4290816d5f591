/**
 * A fixed, real sample of headlines for micro-benchmarks: the bundled data/headlines_sample.jsonl
 * (always present), or the first N of ../shared/data/headlines_zh.jsonl.gz when it is there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonl, SHARED_DATA } from './shared-data.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function headlineSample(n: number): { titles: string[]; source: string } {
  const shared = join(SHARED_DATA, 'headlines_zh.jsonl.gz');
  if (existsSync(shared)) {
    const all = readJsonl<{ title: string }>(shared);
    const step = Math.max(1, Math.floor(all.length / n));
    return {
      titles: all
        .filter((_, i) => i % step === 0)
        .slice(0, n)
        .map((h) => h.title),
      source: `every ${step}th of ${shared}`,
    };
  }
  const local = join(ROOT, 'data', 'headlines_sample.jsonl');
  const titles = readFileSync(local, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { title: string }).title);
  return { titles, source: local };
}

/** Peak resident set size of this process so far, in MB (worker threads included). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
