/**
 * `npm run eval:audit`: removal precision and recall as a user meets them. Runs dedup over each
 * slice of the headline corpus that audit.jsonl names (GUIDE.md), reads each labelled pair's fate
 * from the run, and weighs it by its stratum weight: first the bundled decision as shipped, then
 * leave-one-source-out (a model fitted without the source's pairs, its cut-off chosen on the other
 * sources in corpus context), pooled, with bootstrap intervals, the trade-off over cut-offs and the
 * errors left by kind. Reads ../shared/data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare } from '../src/index.js';
import { bundledModel } from '../src/verify/model.js';
import {
  auditIntervals,
  auditScores,
  loadAudit,
  loadSlices,
  type AuditRow,
  type Outcome,
} from './lib/audit.js';
import { auditLoso, CUTOFF_GRID, runSources, TARGET_PRECISION, type AuditCorpus } from './lib/audit-loso.js';
import { scoreGold } from './lib/gold.js';
import { MODEL_SPEC } from './lib/model-config.js';
import { recordResults } from './lib/results.js';
import { errorKindOf } from './lib/audit-errors.js';

const HERE = dirname(fileURLToPath(import.meta.url));

recordResults('eval-audit', 'Removal precision in corpus context', 'npm run eval:audit');

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);

function table(title: string, outcomes: readonly Outcome[], cutoffs?: ReadonlyMap<string, number>): string {
  const sources = [...new Set(outcomes.map((o) => o.row.source))].sort();
  const lines = [
    `### ${title}\n`,
    `| source | pairs | removal precision (95% CI) | recall (95% CI) |${cutoffs ? ' cut-off |' : ''}`,
    `|---|---|---|---|${cutoffs ? '---|' : ''}`,
  ];
  const line = (name: string, os: readonly Outcome[], cutoff?: number) => {
    const s = auditScores(os);
    const iv = auditIntervals(os);
    return `| ${name} | ${s.pairs} | ${f3(s.precision)} (${f2(iv.precision[0])}–${f2(iv.precision[1])}) | ${f3(s.recall)} (${f2(iv.recall[0])}–${f2(iv.recall[1])}) |${cutoffs ? ` ${cutoff === undefined ? '' : cutoff} |` : ''}`;
  };
  for (const s of sources)
    lines.push(
      line(
        s,
        outcomes.filter((o) => o.row.source === s),
        cutoffs?.get(s),
      ),
    );
  lines.push(line('**pooled**', outcomes));
  return lines.join('\n');
}

/** The errors left, by kind: removed distinct items (false removals) and repeats both kept. */
function errors(outcomes: readonly Outcome[]): string {
  const kinds = new Map<string, { fp: number; fpW: number; fn: number; fnW: number }>();
  for (const o of outcomes) {
    const positive = o.row.label === 'dup';
    const fp = o.fate === 'removed' && !positive;
    const fn = o.fate === 'kept' && positive;
    if (!fp && !fn) continue;
    const k = errorKindOf(o.row);
    const e = kinds.get(k) ?? { fp: 0, fpW: 0, fn: 0, fnW: 0 };
    if (fp) e.fp++, (e.fpW += o.row.weight);
    else e.fn++, (e.fnW += o.row.weight);
    kinds.set(k, e);
  }
  const rows = [...kinds].sort((x, y) => y[1].fpW + y[1].fnW - x[1].fpW - x[1].fnW);
  return [
    '| kind | distinct items removed (pairs, weight) | repeats kept (pairs, weight) |',
    '|---|---|---|',
    ...rows.map(([k, e]) => `| ${k} | ${e.fp}, ${e.fpW.toFixed(0)} | ${e.fn}, ${e.fnW.toFixed(0)} |`),
  ].join('\n');
}

/**
 * The labelled pairs each veto of the bundled decision fires on, pair by pair (the vetoes read no
 * corpus counts): how many, and how many of them, and what share of their weight, are distinct.
 */
function vetoTable(rows: readonly AuditRow[]): string {
  const fired = new Map<
    string,
    { pairs: number; distinct: number; weight: number; distinctWeight: number }
  >();
  for (const r of rows) {
    const d = compare({ text: r.a, date: r.date_a ?? undefined }, { text: r.b, date: r.date_b ?? undefined });
    if (d.veto === undefined) continue;
    const f = fired.get(d.veto) ?? { pairs: 0, distinct: 0, weight: 0, distinctWeight: 0 };
    f.pairs++;
    f.weight += r.weight;
    if (r.label === 'diff') f.distinct++, (f.distinctWeight += r.weight);
    fired.set(d.veto, f);
  }
  return [
    '### The vetoes of the bundled decision on the audit pairs (pair by pair, bundled table)\n',
    '| veto | pairs it fires on | distinct | share of their weight distinct |',
    '|---|---|---|---|',
    ...[...fired]
      .sort((x, y) => (x[0] < y[0] ? -1 : 1))
      .map(([v, f]) => `| ${v} | ${f.pairs} | ${f.distinct} | ${f3(f.distinctWeight / f.weight)} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const corpus: AuditCorpus = { rows: loadAudit(), slices: loadSlices() };
  const all = new Set(corpus.rows.map((r) => r.source));
  const model = bundledModel();
  console.log(
    `## Removal precision and recall in corpus context (audit.jsonl: ${corpus.rows.length} pairs, ${corpus.slices.size} slices, weighted)\n`,
  );
  // The decision before issue 28 (its weights, in this build: the features it reads are unchanged).
  const before = JSON.parse(
    readFileSync(join(HERE, '..', '..', 'data', 'model-weights-bc76ca9.json'), 'utf8'),
  );
  console.log(
    table(
      `Before: the decision of bc76ca9 (cut-off ${before.cutoff}, replaced spans below the threshold from ${before.replacedCutoff})`,
      await runSources(corpus, all, { model: before }),
    ),
  );
  console.log('');
  const shipped = await runSources(corpus, all, {});
  console.log(
    table(
      `The bundled decision as shipped (cut-off ${model?.weights.cutoff}; its cut-off was chosen on these pairs: in sample)`,
      shipped,
    ),
  );
  console.log(`\n${vetoTable(corpus.rows)}`);
  if (process.env.EVAL_AUDIT_SHIPPED_ONLY) return;
  const gold = scoreGold();
  const held = await auditLoso(corpus, gold, MODEL_SPEC);
  const loso = held.flatMap((h) => h.outcomes);
  // For error analysis: every held-out pair's fate, one JSON line each.
  if (process.env.EVAL_AUDIT_DUMP)
    writeFileSync(
      process.env.EVAL_AUDIT_DUMP,
      loso.map((o) => JSON.stringify({ ...o.row, fate: o.fate })).join('\n') + '\n',
    );
  console.log(
    `\n${table(
      `Leave-one-source-out: each source decided by a model fitted without it, at the lowest cut-off whose removal precision reaches ${TARGET_PRECISION} on the other sources, each decided by its own held-out model`,
      loso,
      new Map(held.map((h) => [h.source, h.cutoff])),
    )}`,
  );
  console.log(
    '\n### Trade-off over cut-offs (leave-one-source-out models, every source at the same cut-off)\n',
  );
  console.log('| cut-off | removal precision | recall |\n|---|---|---|');
  for (const c of CUTOFF_GRID) {
    const s = auditScores(held.flatMap((h) => h.byCutoff.get(c)!));
    console.log(`| ${c} | ${f3(s.precision)} | ${f3(s.recall)} |`);
  }
  console.log('\n### Trade-off by source (removal precision / recall, leave-one-source-out models)\n');
  const sources = held.map((h) => h.source);
  console.log(`| cut-off | ${sources.join(' | ')} |\n|---|${sources.map(() => '---|').join('')}`);
  for (const c of CUTOFF_GRID) {
    const cells = held.map((h) => {
      const s = auditScores(h.byCutoff.get(c)!);
      return `${f2(s.precision)} / ${f2(s.recall)}`;
    });
    console.log(`| ${c} | ${cells.join(' | ')} |`);
  }
  console.log('\n### Errors left (leave-one-source-out), by kind\n');
  console.log(errors(loso));
  console.log(`\n(eval:audit took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
