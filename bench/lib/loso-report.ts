/**
 * The leave-one-source-out section of `npm run eval`: the model against today's rules and plain
 * Jaccard, pooled and split by where the pairs come from (gold dev sources, train sources), with
 * bootstrap intervals, a per-source table, a drop-one feature table and the model's errors by kind.
 */
import { DEFAULTS } from '../../src/options/options.js';
import { FEATURE_INDEX } from '../../src/verify/features.js';
import { bootstrapF1, foldsOf, nestedLoso, scores, type Prediction } from './fit.js';
import { MIN_FOLD, scoreGold, SMALL_FOLD, type ScoredPair } from './gold.js';
import { MODEL_SPEC } from './model-config.js';

interface Decided {
  pair: ScoredPair;
  positive: boolean;
  duplicate: boolean;
}

const f3 = (x: number) => x.toFixed(3);

function line(name: string, ds: readonly Decided[]): string {
  const s = scores(ds);
  const [lo, hi] = bootstrapF1(ds);
  return `| ${name} | ${s.n} | ${f3(s.precision)} | ${f3(s.recall)} | **${f3(s.f1)}** | ${f3(lo)}–${f3(hi)} | ${s.fp} | ${s.fn} |`;
}

/** The model's errors by kind, labelled by a heuristic over the features (see the table's note). */
function errorKind(p: Prediction): string {
  const x = p.pair.features;
  const fired = (n: string) => x !== null && x[FEATURE_INDEX.get(n)!] > 0;
  const rule = [
    'numbersChanged',
    'numberAdded',
    'substitution',
    'negation',
    'stage',
    'stageBoth',
    'extension',
    'dailyReports',
  ].some(fired);
  if (x !== null && x[FEATURE_INDEX.get('dateGap')!] >= 2 / 7) return 'date';
  if (p.pair.positive) {
    if (x === null || fired('replacedBelow')) return 'paraphrase';
    return rule ? 'veto misfire' : 'other';
  }
  if (x !== null && !fired('onlyEdits')) return rule ? 'veto overruled' : 'template';
  return rule ? 'veto overruled' : 'other';
}

export function losoReport(): string {
  const started = performance.now();
  const pairs = scoreGold();
  const out: string[] = [];
  const predictions = nestedLoso(pairs, MODEL_SPEC);
  const model: Decided[] = predictions.map((p) => ({
    pair: p.pair,
    positive: p.pair.positive,
    duplicate: p.duplicate,
  }));
  const rules: Decided[] = pairs.map((p) => ({ pair: p, positive: p.positive, duplicate: p.rules }));
  const jaccard: Decided[] = pairs.map((p) => ({
    pair: p,
    positive: p.positive,
    duplicate: p.jaccard >= DEFAULTS.threshold,
  }));
  const folds = foldsOf(pairs);
  const small = [...new Set(pairs.filter((p) => p.fold === SMALL_FOLD).map((p) => p.source))].sort();
  out.push(`## Leave-one-source-out over gold dev + train (${pairs.length} pairs, ${folds.length} folds)\n`);
  out.push(
    `One fold per \`source\`; the ${small.length} sources with fewer than ${MIN_FOLD} pairs (${small.join(', ')}) are one fold, \`${SMALL_FOLD}\`. ` +
      `Each fold is decided by a model fitted on the other folds (${MODEL_SPEC.features.length} features, λ ${MODEL_SPEC.lambda}), at a cut-off chosen by an inner ` +
      `leave-one-source-out over those other folds only; the held-out predictions are pooled. The rules and plain Jaccard (≥ ${DEFAULTS.threshold}) learn nothing. ` +
      `95% intervals: 2,000 bootstrap resamples of the pairs (seed 19).\n`,
  );
  const header =
    '| decision | pairs | precision | recall | F1 | F1 95% CI | false pos | false neg |\n|---|---|---|---|---|---|---|---|';
  for (const [part, keep] of [
    ['pooled', () => true],
    ['dev-source pairs', (d: Decided) => d.pair.set === 'dev'],
    ['train-source pairs', (d: Decided) => d.pair.set === 'train'],
  ] as const) {
    out.push(`### ${part}\n\n${header}`);
    out.push(line('model (LOSO)', model.filter(keep)));
    out.push(line('rules (today)', rules.filter(keep)));
    out.push(line(`plain Jaccard ≥ ${DEFAULTS.threshold}`, jaccard.filter(keep)));
    out.push('');
  }
  out.push(
    '### Per source (F1: model / rules / Jaccard)\n\n| fold | set | pairs | dups | cut-off | model | rules | Jaccard |\n|---|---|---|---|---|---|---|---|',
  );
  for (const fold of folds) {
    const inFold = (d: Decided) => d.pair.fold === fold;
    const ps = pairs.filter((p) => p.fold === fold);
    const set = [...new Set(ps.map((p) => p.set))].join('+');
    const cutoff = predictions.find((p) => p.pair.fold === fold)!.cutoff;
    out.push(
      `| ${fold} | ${set} | ${ps.length} | ${ps.filter((p) => p.positive).length} | ${f3(cutoff)} | ${f3(scores(model.filter(inFold)).f1)} | ${f3(scores(rules.filter(inFold)).f1)} | ${f3(scores(jaccard.filter(inFold)).f1)} |`,
    );
  }
  out.push(
    '\n### Drop one feature (LOSO F1, pooled / train-source pairs)\n\n| without | pooled | train sources |\n|---|---|---|',
  );
  const base = scores(model);
  out.push(`| (none) | ${f3(base.f1)} | ${f3(scores(model.filter((d) => d.pair.set === 'train')).f1)} |`);
  for (const drop of MODEL_SPEC.features) {
    const ds = nestedLoso(pairs, {
      ...MODEL_SPEC,
      features: MODEL_SPEC.features.filter((n) => n !== drop),
    }).map((p) => ({ pair: p.pair, positive: p.pair.positive, duplicate: p.duplicate }));
    out.push(
      `| ${drop} | ${f3(scores(ds).f1)} | ${f3(scores(ds.filter((d) => d.pair.set === 'train')).f1)} |`,
    );
  }
  const kinds = new Map<string, { fp: number; fn: number }>();
  for (const p of predictions) {
    if (p.duplicate === p.pair.positive) continue;
    const k = errorKind(p);
    const e = kinds.get(k) ?? { fp: 0, fn: 0 };
    if (p.duplicate) e.fp++;
    else e.fn++;
    kinds.set(k, e);
  }
  out.push(
    '\n### The model’s LOSO errors by kind\n\nKinds by a heuristic over the pair’s features: `date` — dated at least 2 days apart; `paraphrase` — a duplicate the model may not accept ' +
      '(below the similarity floor, or words replaced below the threshold and under the stricter cut-off); `veto misfire` — a duplicate on which a rule fires; `veto overruled` — a different pair on which a rule ' +
      'fires but the model accepts; `template` — a different pair with a replaced span and no rule firing; `other` — the rest (mostly words added to or dropped from a short topic).\n\n| kind | false pos | false neg |\n|---|---|---|',
  );
  for (const [k, e] of [...kinds].sort((x, y) => y[1].fp + y[1].fn - (x[1].fp + x[1].fn)))
    out.push(`| ${k} | ${e.fp} | ${e.fn} |`);
  out.push(`\n(leave-one-source-out section took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  return out.join('\n');
}
