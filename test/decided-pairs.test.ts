/**
 * `dedup --pairs FILE`: every pair the decision accepted or found a possible duplicate, written so
 * that `neardup pairs` reads it back. Re-decided by `pairs`, a pair of records with no identical
 * copy elsewhere gets the same answer under the rules; under the learned decision `pairs` weighs
 * text by the bundled table alone, batch by the table and the corpus's own counts, and the test
 * prints how many answers that changes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/shared-data.js';

const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SAMPLE = join(ROOT, 'data', 'headlines_sample.jsonl');

interface Line {
  a: string;
  b: string;
  id_a: string;
  id_b: string;
  date_a: string | null;
  date_b: string | null;
  similarity: number;
  probability?: number;
  rule: string;
  duplicate: boolean;
  possible: boolean;
}

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r;
};
const readLines = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

/** The pairs written by dedup --pairs and the same pairs re-decided by neardup pairs. */
function roundTrip(extra: string[]): { written: Line[]; redecided: Line[]; single: (l: Line) => boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'neardup-pairs-'));
  const file = join(dir, 'pairs.jsonl');
  const r = run(['dedup', SAMPLE, '--pairs', file, '--quiet', ...extra]);
  expect(r.stdout).toBe(''); // --pairs is an output: no clusters on stdout
  run([
    'pairs',
    file,
    '--a-date-field',
    'date_a',
    '--b-date-field',
    'date_b',
    '-o',
    join(dir, 'again.jsonl'),
    ...extra,
  ]);
  const titles = new Map<string, number>();
  for (const rec of readLines<{ title: string }>(SAMPLE))
    titles.set(rec.title, (titles.get(rec.title) ?? 0) + 1);
  return {
    written: readLines<Line>(file),
    redecided: readLines<Line>(join(dir, 'again.jsonl')),
    single: (l) => titles.get(l.a) === 1 && titles.get(l.b) === 1,
  };
}

describe('dedup --pairs', () => {
  it('under the rules: every pair of records without copies is decided alike by neardup pairs', () => {
    const { written, redecided, single } = roundTrip(['--decision', 'rules']);
    expect(written.length).toBeGreaterThan(30);
    expect(written.every((l) => l.duplicate && !l.possible && l.probability === undefined)).toBe(true);
    const singles = written.filter(single);
    expect(singles.length).toBeGreaterThan(15);
    for (let k = 0; k < written.length; k++) {
      if (single(written[k])) expect(redecided[k].duplicate, `${written[k].a} / ${written[k].b}`).toBe(true);
    }
  });

  it('under the learned decision: duplicates and possible duplicates, with probabilities; the table-only difference printed', () => {
    const { written, redecided, single } = roundTrip([]);
    expect(written.some((l) => l.possible)).toBe(true);
    for (const l of written) {
      expect(typeof l.probability).toBe('number');
      expect(l.duplicate).toBe(!l.possible);
      expect(l.id_a).not.toBe(l.id_b);
    }
    const singles = written.map((l, k) => [l, redecided[k]] as const).filter(([l]) => single(l));
    const differ = singles.filter(([l, r]) => l.duplicate !== r.duplicate).length;
    const differAll = written.filter((l, k) => l.duplicate !== redecided[k].duplicate).length;
    console.log(
      `dedup --pairs: ${written.length} pairs (${written.filter((l) => l.possible).length} possible); re-decided by pairs: ${differAll} differ, ${differ} of ${singles.length} between records without copies`,
    );
    // The bundled table weighs text a little differently from the table and the corpus's counts.
    expect(differ).toBeLessThanOrEqual(Math.ceil(singles.length * 0.05));
  });
});
