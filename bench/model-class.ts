/**
 * Does a richer model class decide better than the logistic decision? Issue 28 welcomed feature
 * crosses or small boosted trees "where the folds confirm it". This fits both on the same pairs
 * and features, leave-one-source-out over the audit sources (as eval:audit: for each source, the
 * gold pairs that involve it and its audit pairs are left out of the fit), and scores the held-out
 * audit pairs with their stratum weights: removal precision and recall of the pairs a model
 * accepts, pooled over the sources.
 *   npm run eval:model-class
 * Pair by pair, not in corpus context: each pair's features read the bundled statistics, not its
 * slice's counts, and a pair accepted here may still be kept by clustering. So the figures are
 * for comparing the two classes with each other, not with eval:audit's.
 */
import { auditScores } from './lib/audit.js';
import { loadAudit } from './lib/audit.js';
import { auditSourcesOf, auditTrainingPairs } from './lib/audit-loso.js';
import { type BoostOptions, fitBoosted } from './lib/boosted-trees.js';
import { fitModel, probabilityOf } from './lib/fit.js';
import { scoreGold, type ScoredPair } from './lib/gold.js';
import { MODEL_SPEC, MODEL_VETOES } from './lib/model-config.js';
import { FEATURE_INDEX } from '../src/verify/features.js';

const GRID = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const TARGET = 0.85;

type Scorer = (train: readonly ScoredPair[]) => (p: ScoredPair) => number;

const cols = MODEL_SPEC.features.map((f) => FEATURE_INDEX.get(f)!);
const REPLACED_BELOW = FEATURE_INDEX.get('replacedBelow')!;
/** A pair either class may accept: scorable and not vetoed (the others are never duplicates). */
const usable = (p: ScoredPair) =>
  p.features !== null &&
  p.features[REPLACED_BELOW] === 0 &&
  MODEL_VETOES.every((v) => p.features![FEATURE_INDEX.get(v)!] === 0);

const logistic: Scorer = (train) => {
  const m = fitModel(train, MODEL_SPEC);
  return (p) => probabilityOf(m, p, MODEL_SPEC);
};

const boosted =
  (o: BoostOptions): Scorer =>
  (train) => {
    const rows = train.filter(usable);
    const m = fitBoosted(
      rows.map((p) => cols.map((c) => p.features![c])),
      rows.map((p) => p.positive),
      rows.map((p) => p.weight ?? 1),
      o,
    );
    return (p) => (usable(p) ? m.probability(cols.map((c) => p.features![c])) : 0);
  };

function main(): void {
  const rows = loadAudit();
  const gold = scoreGold();
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const folds = sources.map((source) => {
    const fold = gold.filter((p) => !auditSourcesOf(p.source).has(source));
    const train = [
      ...fold,
      ...auditTrainingPairs(
        rows.filter((r) => r.source !== source),
        fold.length,
      ),
    ];
    const held = rows.filter((r) => r.source === source);
    return { train, held, scored: auditTrainingPairs(held, 1) };
  });
  const classes: [string, Scorer][] = [
    ['logistic (the decision)', logistic],
    ...[2, 3].flatMap((depth) =>
      [100, 300].map(
        (rounds) =>
          [
            `boosted trees, depth ${depth}, ${rounds} rounds`,
            boosted({ depth, rounds, rate: 0.05, lambda: 1, minLeaf: 1 }),
          ] as [string, Scorer],
      ),
    ),
  ];
  console.log(
    `## Model class, leave-one-source-out (${rows.length} audit pairs, ${sources.length} sources; pair by pair, weighted)\n`,
  );
  console.log(
    `| model | ${GRID.map((c) => `${c}`).join(' | ')} | best recall at precision ≥ ${TARGET} |\n|---|${GRID.map(() => '---|').join('')}---|`,
  );
  for (const [name, scorer] of classes) {
    const probs: { fold: number; k: number; p: number }[] = [];
    folds.forEach((f, fold) => {
      const score = scorer(f.train);
      f.scored.forEach((p, k) => probs.push({ fold, k, p: score(p) }));
    });
    const at = (c: number) =>
      auditScores(
        probs.map(({ fold, k, p }) => ({
          row: folds[fold].held[k],
          fate: p >= c ? ('removed' as const) : ('kept' as const),
        })),
      );
    const cells = GRID.map((c) => {
      const s = at(c);
      return `${s.precision.toFixed(3)} / ${s.recall.toFixed(3)}`;
    });
    let best = 0;
    for (let c = 0.05; c < 1; c += 0.01) {
      const s = at(c);
      if (s.precision >= TARGET) best = Math.max(best, s.recall);
    }
    console.log(`| ${name} | ${cells.join(' | ')} | ${best.toFixed(3)} |`);
  }
  console.log('\nEach cell: removal precision / recall at that cut-off.');
}

main();
