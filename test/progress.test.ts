/**
 * Progress through every stage: the library's `onStage`/`onProgress` callbacks, and the CLI's
 * stage lines on stderr (with `--progress`, since the tests' stderr is not a terminal).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedup, type DedupItem, type DedupStage } from '../src/index.js';
import { CLI, ROOT } from './helpers/shared-data.js';

const DATED = join(ROOT, 'data', 'headlines_dated.jsonl');

function items(): DedupItem[] {
  return readFileSync(DATED, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; title: string; date: string })
    .map((h) => ({ id: h.id, text: h.title, date: h.date }));
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('RunOptions.onStage', () => {
  for (const threads of [1, 2]) {
    it(`reports prepare, link (bands of all bands) and cluster in order on ${threads} thread(s)`, async () => {
      const all = items();
      const seen: [DedupStage, number, number][] = [];
      let lastItems = 0;
      const result = await dedup(
        all,
        { batchSize: 256 },
        {
          threads,
          onProgress: (n) => {
            lastItems = n;
          },
          onStage: (stage, done, total) => {
            seen.push([stage, done, total]);
          },
        },
      );
      // onProgress works as before: items prepared so far, ending with all of them.
      expect(lastItems).toBe(all.length);
      const order = ['prepare', 'link', 'cluster'];
      const stages = seen.map(([s]) => order.indexOf(s));
      expect(stages).toEqual([...stages].sort((a, b) => a - b));
      expect(seen[0]).toEqual(['prepare', 0, 0]);
      expect(seen).toContainEqual(['prepare', all.length, all.length]);
      const link = seen.filter(([s]) => s === 'link');
      const total = link[link.length - 1][2];
      // Every title band once, as `neardup params` counts them (a band all tasks share counts once).
      expect(total).toBe(result.options.bands);
      expect(link[link.length - 1][1]).toBe(total);
      for (let k = 1; k < link.length; k++) expect(link[k][1]).toBeGreaterThanOrEqual(link[k - 1][1]);
      expect(seen.slice(-2)).toEqual([
        ['cluster', 0, 1],
        ['cluster', 1, 1],
      ]);
    });
  }

  it('leaves the result as it is without callbacks', async () => {
    const all = items();
    const plain = await dedup(all, {}, { threads: 2 });
    const watched = await dedup(all, {}, { threads: 2, onStage: () => {} });
    expect(watched.canonicalOf).toEqual(plain.canonicalOf);
    expect(watched.clusters).toEqual(plain.clusters);
  });
});

describe('neardup dedup progress on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neardup-progress-'));
  const outputs = ['-o', join(dir, 'kept.jsonl'), '--clusters', join(dir, 'clusters.jsonl'), '--force'];

  it('with --progress names each stage in order and ends with a line of stage times', () => {
    const r = run(['dedup', DATED, ...outputs, '--threads', '2', '--progress']);
    expect(r.status).toBe(0);
    // Lines redraw in place (\r); a stage's end and the final line are always drawn.
    const lines = r.stderr.replace(/\x1b\[K/g, '').split(/\r|\n/);
    const first = (stage: string) => lines.findIndex((l) => new RegExp(`(^|% )${stage}: `).test(l));
    const at = ['reading', 'linking', 'clustering', 'writing'].map(first);
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // 40 bands, as `neardup params` says for the default threshold, on two threads too.
    expect(lines.some((l) => /^\[#+\] 100% linking: 40 bands, [\d,]+ bands\/s, ETA 0 s$/.test(l))).toBe(true);
    expect(lines.some((l) => /^\[#+\] 100% writing: [\d,]+ records/.test(l))).toBe(true);
    const done = lines.findIndex((l) => l.startsWith('done in '));
    expect(done).toBeGreaterThan(at[3]);
    expect(lines[done]).toMatch(
      /^done in [\d.]+ s: reading [\d.]+ s, linking [\d.]+ s, clustering [\d.]+ s, writing [\d.]+ s$/,
    );
    // The final line ends with a newline, and the summary follows on its own lines.
    expect(r.stderr).toMatch(/done in [^\r\n]*\n[^\r]*records → /);
  });

  it('prints nothing on stderr with --quiet, even with --progress', () => {
    for (const flags of [['--quiet'], ['--quiet', '--progress']]) {
      const r = run(['dedup', DATED, ...outputs, '--threads', '2', ...flags]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
    }
  });

  it('shows no progress when stderr is not a terminal and --progress is not given', () => {
    const r = run(['dedup', DATED, ...outputs]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/reading:|linking:|\r/);
    expect(r.stderr).toMatch(/records → /);
  });
});
