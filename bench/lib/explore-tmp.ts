import { FEATURES } from '../../src/verify/features.js';
import { scoreGold } from './gold.js';
import { nestedLoso, scores, DEFAULT_LAMBDA } from './fit.js';
const pairs = scoreGold();
const f = (x: number) => x.toFixed(3);
const show = (name: string, ds: { positive: boolean; duplicate: boolean; set: string }[]) => {
  const all = scores(ds), dev = scores(ds.filter((d) => d.set === 'dev')), tr = scores(ds.filter((d) => d.set === 'train'));
  console.log(`${name}: pooled ${f(all.f1)} (P ${f(all.precision)} R ${f(all.recall)}) dev ${f(dev.f1)} train ${f(tr.f1)}`);
};
show('rules', pairs.map((p) => ({ positive: p.positive, duplicate: p.rules, set: p.set })));
show('jaccard', pairs.map((p) => ({ positive: p.positive, duplicate: p.jaccard >= 0.5, set: p.set })));
console.log('admissible', pairs.filter((p) => p.features).length, 'pos', pairs.filter((p) => p.features && p.positive).length, 'of pos', pairs.filter((p) => p.positive).length);
const all = FEATURES.map((x) => x.name);
const sets: Record<string, string[]> = JSON.parse(process.env.SETS ?? 'null') ?? { all };
for (const lambda of JSON.parse(process.env.LAMBDAS ?? `[${DEFAULT_LAMBDA}]`) as number[])
  for (const [n, names] of Object.entries(sets)) {
    const pr = nestedLoso(pairs, names, lambda);
    show(`model ${n} λ${lambda}`, pr.map((x) => ({ positive: x.pair.positive, duplicate: x.duplicate, set: x.pair.set })));
  }
if (process.env.ABLATE) {
  const base = JSON.parse(process.env.ABLATE) as string[];
  for (const drop of base) {
    const pr = nestedLoso(pairs, base.filter((x) => x !== drop), Number(process.env.LAMBDA ?? DEFAULT_LAMBDA));
    show(`-${drop}`, pr.map((x) => ({ positive: x.pair.positive, duplicate: x.duplicate, set: x.pair.set })));
  }
}
