/**
 * Access to ../shared/data (real corpora): the tier of tests on the full corpora. In CI it is
 * always there and a missing file fails the run; elsewhere (a fresh clone) those tests are skipped,
 * and test/global-setup.ts says so once. Read files only inside tests or hooks, never while
 * vitest collects them: a skipped describe block still runs its body.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DATA = join(ROOT, '..', 'shared', 'data');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** True when ../shared/data is present; in CI its absence is an error, not a skip. */
export function haveSharedData(): boolean {
  const ok = existsSync(join(SHARED_DATA, 'headlines_zh.jsonl.gz'));
  if (!ok && process.env.CI)
    throw new Error(`CI must have ../shared/data beside the project; not found at ${SHARED_DATA}`);
  return ok;
}

export interface Headline {
  id: string;
  title: string;
  date?: string;
}

let cache: Headline[] | undefined;

/** All 992k headlines of the shared corpus (parsed once per test file). */
export function allHeadlines(): Headline[] {
  if (!cache) {
    const text = gunzipSync(readFileSync(join(SHARED_DATA, 'headlines_zh.jsonl.gz'))).toString('utf8');
    cache = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Headline);
  }
  return cache;
}

/** A contiguous slice of the corpus starting at the first id with a prefix (dense in repeats). */
export function headlineSlice(prefix: string, count: number, skip = 0): Headline[] {
  const all = allHeadlines();
  const start = all.findIndex((h) => h.id.startsWith(prefix));
  return all.slice(start + skip, start + skip + count);
}

export interface GoldPair {
  pid: string;
  a: string;
  b: string;
  label: 'dup' | 'diff';
}

export function goldDev(): GoldPair[] {
  return readFileSync(join(SHARED_DATA, 'gold', 'dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GoldPair);
}
