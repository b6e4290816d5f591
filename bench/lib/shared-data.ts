/**
 * Loading the real corpora in ../shared/data for benchmarks and the evaluation. They are not
 * shipped in data/ (too large); a missing file is a clear error, not a silent skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
/** ../shared/data beside the project (from dist/bench/lib or bench/lib). */
export const SHARED_DATA =
  [join(HERE, '..', '..', '..', '..', 'shared', 'data'), join(HERE, '..', '..', '..', 'shared', 'data')]
    .map((p) => resolve(p))
    .find((p) => existsSync(p)) ?? resolve(HERE, '..', '..', '..', 'shared', 'data');

export function sharedPath(name: string): string {
  const p = join(SHARED_DATA, name);
  if (!existsSync(p)) {
    throw new Error(
      `${p} not found: the evaluation and corpus benchmarks read ../shared/data beside the project`,
    );
  }
  return p;
}

/** The lines of a JSONL file (gzip or not), parsed. */
export function readJsonl<T>(path: string): T[] {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}
