/**
 * `neardup pairs --label-field`: the scores against a plain oracle (filter and count), and the
 * built CLI on labelled pairs: stderr, `--metrics FILE` and the scored lines agreeing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUTOFFS, PairMetrics, formatMetrics, type MetricsReport } from '../src/cli/pair-metrics.js';
import { CLI } from './helpers/shared-data.js';

interface Labelled {
  duplicate: boolean;
  probability: number;
  label: boolean;
}

/** Precision, recall and F1 the obvious way, from the pairs predicted and labelled duplicates. */
function oracle(pairs: readonly { predicted: boolean; label: boolean }[]) {
  const tp = pairs.filter((p) => p.predicted && p.label).length;
  const predicted = pairs.filter((p) => p.predicted).length;
  const actual = pairs.filter((p) => p.label).length;
  const precision = predicted ? tp / predicted : null;
  const recall = actual ? tp / actual : null;
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : predicted + actual > 0
        ? 0
        : null;
  return {
    tp,
    fp: predicted - tp,
    fn: actual - tp,
    tn: pairs.length - predicted - actual + tp,
    precision,
    recall,
    f1,
  };
}

const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) < 1e-12;

describe('PairMetrics', () => {
  it('equals filter-and-count at the decision and at every cut-off', () => {
    const pair = fc.record({
      duplicate: fc.boolean(),
      probability: fc.double({ min: 0, max: 1, noNaN: true }),
      label: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 60 }), (pairs: Labelled[]) => {
        const m = new PairMetrics();
        for (const p of pairs) m.add(p.duplicate, p.probability, p.label);
        const r = m.report();
        const at = oracle(pairs.map((p) => ({ predicted: p.duplicate, label: p.label })));
        expect(r.pairs).toBe(pairs.length);
        expect({ tp: r.decision.tp, fp: r.decision.fp, fn: r.decision.fn, tn: r.decision.tn }).toEqual({
          tp: at.tp,
          fp: at.fp,
          fn: at.fn,
          tn: at.tn,
        });
        for (const k of ['precision', 'recall', 'f1'] as const)
          expect(close(r.decision[k], at[k])).toBe(true);
        expect(r.cutoffs.map((c) => c.cutoff)).toEqual(pairs.length ? CUTOFFS : []);
        for (const c of r.cutoffs) {
          const o = oracle(pairs.map((p) => ({ predicted: p.probability >= c.cutoff, label: p.label })));
          expect([c.tp, c.fp, c.fn, c.tn]).toEqual([o.tp, o.fp, o.fn, o.tn]);
          for (const k of ['precision', 'recall', 'f1'] as const) expect(close(c[k], o[k])).toBe(true);
        }
      }),
    );
  });

  it('has no cut-off table when a decision has no probability (the rules)', () => {
    const m = new PairMetrics();
    m.add(true, undefined, true);
    m.add(false, undefined, true);
    const r = m.report();
    expect(r.cutoffs).toEqual([]);
    expect(r.decision).toMatchObject({ tp: 1, fn: 1, precision: 1, recall: 0.5 });
    expect(formatMetrics(r, 'x.jsonl', 'label')).toBe(
      'x.jsonl: 2 labelled pairs (field "label"): precision 1.000, recall 0.500, F1 0.667 (1 true and 0 false duplicates, 1 missed, 0 true non-duplicates)\n  (no cut-off table: under --decision rules a pair has no probability)\n',
    );
  });
});

describe('neardup pairs --label-field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neardup-metrics-'));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, 'pairs', ...args], {
      encoding: 'utf8',
      env: { ...process.env, CI: '' },
    });
  const PAIRS = [
    { a: '库里受伤退场! 勇士输球了!', b: '库里受伤退场！勇士输球了！', label: 'dup' },
    { a: '令人心动的offer5', b: '令人心动的offer7', label: 'diff' },
    { a: '上海师范大学2019年硕士研究生招生简章', b: '湖北师范大学2019年硕士研究生招生简章', label: 'diff' },
    { a: '南非大选初步计票结果显示非国大获胜', b: '南非大选初步计票结果显示非国大获胜组图', label: true },
    { a: '隔夜茶到底能不能喝', b: '鸡屁股到底能不能吃', label: 0 },
    { a: '国足晋级世界杯决赛圈', b: '国足无缘世界杯决赛圈', label: 1 },
  ];

  it('prints the scores on stderr and writes them with --metrics, agreeing with the scored lines', () => {
    const input = join(dir, 'gold.jsonl');
    writeFileSync(input, PAIRS.map((p) => JSON.stringify(p)).join('\n') + '\n');
    const metrics = join(dir, 'metrics.json');
    const scored = join(dir, 'scored.jsonl');
    const r = run([input, '--label-field', 'label', '--metrics', metrics, '-o', scored]);
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(metrics, 'utf8')) as MetricsReport;
    const lines = readFileSync(scored, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { duplicate: boolean; probability: number });
    const labels = [true, false, false, true, false, true];
    const at = oracle(lines.map((l, k) => ({ predicted: l.duplicate, label: labels[k] })));
    expect(report).toMatchObject({ pairs: 6, decision: { tp: at.tp, fp: at.fp, fn: at.fn, tn: at.tn } });
    const half = oracle(lines.map((l, k) => ({ predicted: l.probability >= 0.5, label: labels[k] })));
    expect(report.cutoffs.find((c) => c.cutoff === 0.5)).toMatchObject({
      tp: half.tp,
      fp: half.fp,
      fn: half.fn,
    });
    expect(r.stderr).toBe(formatMetrics(report, input, 'label'));
    expect(r.stderr).toMatch(
      /^.*: 6 labelled pairs \(field "label"\): precision [\d.]+, recall [\d.]+, F1 [\d.]+ /,
    );
    expect(r.stderr).toContain('  cut-off  precision  recall     F1    tp    fp    fn\n     0.10  ');
  });

  it('a pair a veto stopped counts as removed at no cut-off, whatever its probability', () => {
    const input = join(dir, 'stopped.jsonl');
    // A noun added to a short topic: scored high on the rest of its evidence, never removed.
    writeFileSync(input, `${JSON.stringify({ a: '山东高考历史 情怀', b: '山东高考历史', label: 'diff' })}\n`);
    const metrics = join(dir, 'stopped-metrics.json');
    const scored = join(dir, 'stopped.out.jsonl');
    expect(run([input, '--label-field', 'label', '--metrics', metrics, '-o', scored]).status).toBe(0);
    const line = JSON.parse(readFileSync(scored, 'utf8')) as { duplicate: boolean; probability: number };
    expect(line.duplicate).toBe(false);
    expect(line.probability).toBeGreaterThan(0.65);
    const report = JSON.parse(readFileSync(metrics, 'utf8')) as MetricsReport;
    expect(report.cutoffs.length).toBeGreaterThan(0);
    for (const c of report.cutoffs) expect(c, `cut-off ${c.cutoff}`).toMatchObject({ tp: 0, fp: 0 });
  });

  it('refuses a label it cannot read (exit 3) and --metrics without --label-field (exit 2)', () => {
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, '{"a":"x","b":"y","label":"maybe"}\n');
    const bad = run([input, '--label-field', 'label']);
    expect(bad.status).toBe(3);
    expect(bad.stderr).toBe(
      `neardup: ${input}:1: field "label" must be a label: true or false, 1 or 0, "dup" or "diff"; got string "maybe" (name the label's field with --label-field)\n`,
    );
    const lonely = run([input, '--metrics', join(dir, 'm.json')]);
    expect(lonely.status).toBe(2);
    expect(lonely.stderr).toBe(
      "neardup: --metrics needs --label-field: name the field with each pair's label\n",
    );
  });
});
