/**
 * `neardup train` and `--model`: labels in the gold schema fit a model file, the same labels give
 * the same bytes, a bad label names its file, line and field; a snapshot or a Redis index records
 * its model and refuses another one, naming both; `explain` names the model it used.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NearDupIndex } from '../src/index.js';
import { parseLabels, pairKey } from '../src/train/labels.js';
import { offerable, pickBatch } from '../src/review/pick-pairs.js';
import { pairScorer } from '../src/train/scored-pair.js';
import { frameOf } from '../src/review/frame.js';
import { modelHash } from '../src/verify/model-hash.js';
import { chooseCutoff, type CutoffRow } from '../src/train/train-model.js';
import { bundledModel, type ModelWeights } from '../src/verify/model.js';
import { haveRedis, REDIS_URL } from './helpers/redis.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const INPUT = join(ROOT, 'data', 'headlines_dated.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'neardup-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

/** Up to 40 labels on real pairs of the bundled sample: its decided pairs, labelled by a fixed reader. */
function labelsFile(): string {
  const pairs = join(dir, 'pairs.jsonl');
  expect(run(['dedup', INPUT, '--pairs', pairs, '--quiet']).status).toBe(0);
  const lines = readFileSync(pairs, 'utf8').split('\n').filter(Boolean).slice(0, 40);
  expect(lines.length).toBeGreaterThan(30);
  const path = join(dir, 'labels.jsonl');
  writeFileSync(
    path,
    lines
      .map((l) => {
        const p = JSON.parse(l) as {
          a: string;
          b: string;
          id_a: string;
          id_b: string;
          date_a: string;
          date_b: string;
          probability: number;
        };
        const label = p.probability >= 0.8 ? 'dup' : 'diff';
        return `${JSON.stringify({ a: p.a, b: p.b, date_a: p.date_a, date_b: p.date_b, label, a_id: p.id_a, b_id: p.id_b })}\n`;
      })
      .join(''),
  );
  return path;
}

describe('neardup train', () => {
  it('fits a model file from labels, the same bytes every time, usable with --model', () => {
    const labels = labelsFile();
    const model = join(dir, 'model.json');
    const r = run(['train', labels, '-o', model]);
    expect(r.status, r.stderr).toBe(0);
    const count = readFileSync(labels, 'utf8').split('\n').filter(Boolean).length;
    expect(r.stdout).toMatch(new RegExp(`^${count} labels \\(\\d+ duplicates\\)`));
    expect(r.stdout).toMatch(/← chosen/);
    expect(r.stdout).toMatch(/95% interval/);
    const first = readFileSync(model, 'utf8');
    const w = JSON.parse(first) as ModelWeights;
    expect(w.features).toEqual(bundledModel()!.weights.features);
    expect(w.trainedOn.sources).toContain('labels');
    expect(run(['train', labels, '-o', model]).status).toBe(2); // exists: --force needed
    expect(run(['train', labels, '-o', model, '--force']).status).toBe(0);
    expect(readFileSync(model, 'utf8')).toBe(first);
    const json = JSON.parse(run(['train', labels, '-o', model, '--force', '--json']).stdout) as {
      cutoff: number;
      table: unknown[];
    };
    expect(json.cutoff).toBe(w.cutoff);
    expect(json.table.length).toBeGreaterThan(5);
    const d = run(['dedup', INPUT, '--model', model, '--json', '--quiet']);
    expect(d.status, d.stderr).toBe(0);
  });

  it('refuses a bad label, naming the file, the line and the field', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"a":"x","b":"y","label":"dup"}\n{"a":"x","b":"z","label":"yes"}\n');
    const r = run(['train', bad, '-o', join(dir, 'm.json')]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`${bad}:2: field "label" must be "dup" or "diff"; got "yes"`);
    expect(() => parseLabels('not json\n', 'l.jsonl')).toThrow(/l\.jsonl:1: not a JSON line/);
  });

  it('never writes over its input', () => {
    const labels = join(dir, 'in.jsonl');
    writeFileSync(labels, '{"a":"甲乙丙丁","b":"甲乙丙戊","label":"diff"}\n');
    const r = run(['train', labels, '-o', labels, '--force']);
    expect(r.status).toBe(2);
    expect(readFileSync(labels, 'utf8')).toContain('甲乙丙丁');
  });
});

describe('the cut-off train chooses', () => {
  /** A table over cut-offs from (cut-off, removed, duplicates) triples. */
  const table = (rows: [number, number, number][]): CutoffRow[] =>
    rows.map(([cutoff, removed, duplicates]) => ({
      cutoff,
      removed,
      duplicates,
      precision: removed > 0 ? duplicates / removed : 1,
      recall: duplicates / 50,
    }));

  it('keeps the bundled cut-off where the labels agree with it, and a few sure labels below it do not move it', () => {
    const t = table([
      [0.5, 12, 12],
      [0.65, 10, 9],
      [0.8, 6, 6],
    ]);
    expect(chooseCutoff(t, 0.85, 0.65)).toEqual({ row: t[1], reached: true });
  });

  it('moves down only where the 95% interval of the labels is above the target', () => {
    const t = table([
      [0.5, 60, 60],
      [0.65, 40, 40],
      [0.8, 20, 20],
    ]);
    expect(chooseCutoff(t, 0.85, 0.65).row.cutoff).toBe(0.5);
  });

  it('moves up to the lowest cut-off that reaches the target, or the most precise when none does', () => {
    const t = table([
      [0.65, 20, 10],
      [0.8, 12, 9],
      [0.9, 8, 7],
      [0.95, 4, 3],
    ]);
    expect(chooseCutoff(t, 0.85, 0.65)).toEqual({ row: t[2], reached: true });
    expect(chooseCutoff(t, 0.95, 0.65)).toEqual({ row: t[2], reached: false });
  });
});

describe('review picking', () => {
  it('keys a pair the same both ways round, and keeps one pair per frame in a batch', () => {
    expect(pairKey({ a: 'x', b: 'y', a_id: '1', b_id: '2', date_a: null, date_b: null })).toBe(
      pairKey({ a: 'y', b: 'x', a_id: '2', b_id: '1', date_a: null, date_b: null }),
    );
    const texts = [
      ['实用口语：“唠叨”英语怎么说？', '实用口语：“一面之词”英语怎么说？'],
      ['实用口语：“千载难逢”英语怎么说？', '实用口语：“渴望”英语怎么说？'],
      ['全国政协十四届一次会议开幕', '全国人大十四届一次会议开幕'],
      ['梅州籍院士心系桑梓', '梅州籍院士心系家乡'],
    ];
    const cands = texts.map(([a, b], i) => ({ key: String(i), frame: frameOf(a, b) }));
    expect(cands[0].frame).toBe(cands[1].frame);
    const batch = pickBatch(cands, [0.61, 0.62, 0.3, 0.9], 0.6, 3, new Set());
    // Nearest on alternate sides, one per frame: 0 (above), 2 (below), then 3 (not 1: 0's frame).
    expect(batch.map((c) => c.key)).toEqual(['0', '2', '3']);
    expect(pickBatch(cands, [0.61, 0.62, 0.3, 0.9], 0.6, 4, new Set(['0'])).map((c) => c.key)).not.toContain(
      '0',
    );
  });

  it('offers no pair a veto decides: its label would change no fit', () => {
    const score = pairScorer();
    const row = (a: string, b: string) => ({ a, b, date_a: null, date_b: null, label: 'diff' as const });
    const model = bundledModel()!;
    // Scored high on the rest of its evidence, but a noun added to a short topic is never removed.
    expect(offerable(score(row('山东高考历史 情怀', '山东高考历史')), model)).toBe(false);
    expect(offerable(score(row('第三十次会议召开', '第三十二次会议召开')), model)).toBe(false);
    expect(offerable(score(row('流浪地球2', '流浪地球2定档')), model)).toBe(true);
  });
});

describe('--model recorded by an index', () => {
  it('a snapshot refuses a process with another model, naming both; explain names its model', () => {
    const model = join(dir, 'model.json');
    const w = JSON.parse(readFileSync(model, 'utf8')) as ModelWeights;
    const snap = join(dir, 'a.ndix');
    expect(run(['index', 'build', INPUT, '--index', snap, '--model', model, '--quiet']).status).toBe(0);
    const refused = run(['check', INPUT, '--index', snap]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`built with model ${modelHash(w)} (a model of its own`);
    expect(refused.stderr).toContain(
      `decides with ${modelHash(bundledModel()!.weights)} (the bundled model)`,
    );
    expect(run(['check', INPUT, '--index', snap, '--model', model]).status).toBe(0);
    const e = run(['explain', '全球日增确诊超47万例', '全球日增确诊超47万', '--model', model]);
    expect(e.stdout).toContain(`model file: ${model}, hash ${modelHash(w)}`);
    expect(run(['explain', '全球日增确诊超47万例', '全球日增确诊超47万']).stdout).toMatch(
      /model file: bundled .*model-weights\.json\), hash [0-9a-f]{16}/,
    );
  });

  it.runIf(haveRedis())('a Redis index refuses a process with another model', async () => {
    const w = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelWeights;
    const prefix = `train-test-${process.pid}`;
    const first = await NearDupIndex.connect(REDIS_URL, { prefix, model: w });
    try {
      await expect(NearDupIndex.connect(REDIS_URL, { prefix })).rejects.toThrow(
        new RegExp(
          `built with model ${modelHash(w)} .*decides with ${modelHash(bundledModel()!.weights)} \\(the bundled model\\)`,
        ),
      );
    } finally {
      spawnSync('sh', [
        '-c',
        `redis-cli -u ${REDIS_URL} --scan --pattern '{${prefix}}:*' | xargs -r redis-cli -u ${REDIS_URL} del`,
      ]);
      await first.close();
    }
  });
});
