/**
 * `neardup review` in the system Chromium, driven by keyboard as a reader would: 20 pairs labelled,
 * one undone and labelled again, the server restarted, and the labels file checked (20 labels, in
 * the gold schema with ids, no pair offered twice). Then `neardup train` on them, and `dedup
 * --model` keeps a pair the reader marked different that the bundled model removed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumMissing } from './helpers/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const INPUT = join(ROOT, 'data', 'headlines_dated.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'neardup-review-'));
const LABELS = join(dir, 'labels.jsonl');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the review server on a free port; resolves with its URL once it listens. */
function startReview(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'review', INPUT, '--labels', LABELS, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /review (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`review exited ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Label {
  a: string;
  b: string;
  a_id: string;
  b_id: string;
  date_a: string | null;
  date_b: string | null;
  label: string;
}
const readLabels = (): Label[] =>
  readFileSync(LABELS, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Label);
const idKey = (x: { a_id: string; b_id: string }) => [x.a_id, x.b_id].sort().join(' ');

describe.runIf(chromiumMissing() === undefined)('neardup review in headless Chromium', () => {
  it('labels 20 pairs by keyboard, undoes one, resumes after a restart, and train fits them', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    const shown: string[] = [];
    try {
      let { child, url } = await startReview();
      const page = await browser.newPage({ viewport: { width: 1100, height: 520 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(url);
      const count = page.locator('#count');
      await expect.poll(() => count.textContent()).toBe('0 labelled');
      // The reader: a removed pair whose probability is below 0.75 is two items; the rest repeats.
      const answer = async () => {
        const key = (await page.locator('#pair').getAttribute('data-key'))!;
        const engine = (await page.locator('#engine').textContent())!;
        const p = Number(/probability ([\d.]+)/.exec(engine)![1]);
        const removed = engine.includes('duplicate (removed)');
        shown.push(key);
        return removed && p < 0.75 ? 'n' : removed ? 'd' : 'n';
      };
      for (let i = 1; i <= 20; i++) {
        await page.keyboard.press(await answer());
        await expect.poll(() => count.textContent()).toBe(`${i} labelled`);
      }
      await page.screenshot({ path: join(ROOT, 'test-output', 'review.png') });
      // Undo the 20th: off the file, and its pair back on screen; then label it again.
      await page.keyboard.press('u');
      await expect.poll(() => count.textContent()).toBe('19 labelled');
      expect(readLabels()).toHaveLength(19);
      expect(await page.locator('#pair').getAttribute('data-key')).toBe(shown[19]);
      shown.pop();
      await page.keyboard.press(await answer());
      await expect.poll(() => count.textContent()).toBe('20 labelled');
      expect(requests.every((r) => r.startsWith(url))).toBe(true);

      // A restart resumes: 20 labels, and the pair on screen is none of them.
      await stop(child);
      ({ child, url } = await startReview());
      await page.goto(url);
      await expect.poll(() => count.textContent()).toBe('20 labelled');
      const next = await page.locator('#pair').getAttribute('data-key');
      expect(shown).not.toContain(next);
      await stop(child);

      const labels = readLabels();
      expect(labels).toHaveLength(20);
      expect(new Set(labels.map(idKey)).size).toBe(20);
      for (const l of labels) {
        expect(Object.keys(l).sort()).toEqual(['a', 'a_id', 'b', 'b_id', 'date_a', 'date_b', 'label']);
        expect(['dup', 'diff']).toContain(l.label);
      }

      // train, twice: the same bytes.
      const model = join(dir, 'model.json');
      const t = spawnSync(process.execPath, [CLI, 'train', LABELS, '-o', model], { encoding: 'utf8' });
      expect(t.status, t.stderr).toBe(0);
      expect(t.stdout).toMatch(/cut-off +removed +precision +recall/);
      const first = readFileSync(model, 'utf8');
      spawnSync(process.execPath, [CLI, 'train', LABELS, '-o', model, '--force'], { encoding: 'utf8' });
      expect(readFileSync(model, 'utf8')).toBe(first);

      // A pair marked different that the bundled model removed is kept under the fitted model.
      const fates = (extra: string[]) => {
        const r = spawnSync(process.execPath, [CLI, 'dedup', INPUT, '--annotate', '-', '--quiet', ...extra], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        });
        expect(r.status, r.stderr).toBe(0);
        const of = new Map<string, string | null>();
        for (const line of r.stdout.split('\n').filter(Boolean)) {
          const x = JSON.parse(line) as { id: string; duplicate_of: string | null };
          of.set(x.id, x.duplicate_of);
        }
        return (l: Label) => of.get(l.a_id) === l.b_id || of.get(l.b_id) === l.a_id;
      };
      const removedBefore = fates([]);
      const removedAfter = fates(['--model', model]);
      const different = labels.filter((l) => l.label === 'diff' && removedBefore(l));
      expect(different.length).toBeGreaterThan(0);
      expect(different.some((l) => !removedAfter(l))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
