/**
 * `npm run eval:ceiling`: how much of the audit pool's duplicate mass the decision can accept at
 * all, whatever its weights. A pair below 0.8 × the similarity threshold is never scored, and one
 * below the threshold with a replaced span (a rephrasing) is never a duplicate; the weighted shares
 * of duplicate and distinct mass in each class bound the recall a lexical decision can reach
 * without drowning in distinct items. Pair by pair (the bundled table's statistics), not in corpus
 * context: admission depends on the two texts alone. Reads ../shared/data.
 */
import { FEATURE_INDEX } from '../src/verify/features.js';
import { loadAudit } from './lib/audit.js';
import { auditTrainingPairs } from './lib/audit-loso.js';

const REPLACED_BELOW = FEATURE_INDEX.get('replacedBelow')!;

type Admission = 'scored' | 'replaced below the threshold' | 'below 0.8 × threshold or out of the window';

function main(): void {
  const rows = loadAudit();
  // Scored as the training scores them: features for every pair above the floor, replaced or not.
  const scored = auditTrainingPairs(rows, 1);
  const mass = new Map<Admission, { dup: number; diff: number }>();
  let dupTotal = 0;
  let diffTotal = 0;
  rows.forEach((r, i) => {
    const f = scored[i].features;
    const kind: Admission =
      f === null
        ? 'below 0.8 × threshold or out of the window'
        : f[REPLACED_BELOW] > 0
          ? 'replaced below the threshold'
          : 'scored';
    const m = mass.get(kind) ?? { dup: 0, diff: 0 };
    if (r.label === 'dup') (m.dup += r.weight), (dupTotal += r.weight);
    else (m.diff += r.weight), (diffTotal += r.weight);
    mass.set(kind, m);
  });
  console.log(`## What the decision can accept (audit.jsonl, ${rows.length} pairs, weighted)\n`);
  console.log('| pairs | share of duplicate mass | share of distinct mass | distinct per duplicate |');
  console.log('|---|---|---|---|');
  for (const [kind, m] of [...mass].sort((x, y) => y[1].dup - x[1].dup))
    console.log(
      `| ${kind} | ${(m.dup / dupTotal).toFixed(3)} | ${(m.diff / diffTotal).toFixed(3)} | ${(m.diff / Math.max(m.dup, 1e-9)).toFixed(1)} |`,
    );
}

main();
