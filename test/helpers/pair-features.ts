/** Every feature of a pair of texts, whatever its similarity, under the default options and table. */
import { resolveOptions, ruleOptions, shingleParams } from '../../src/options/options.js';
import { textView } from '../../src/compare/similarity.js';
import { Shingler } from '../../src/text/shingle.js';
import { jaccardSorted } from '../../src/sketch/jaccard.js';
import { dateGap } from '../../src/verify/decide.js';
import { bundledStats } from '../../src/verify/corpus-stats.js';
import { FEATURE_COUNT, FEATURE_INDEX, pairFeatures } from '../../src/verify/features.js';
import { align } from '../../src/verify/span-rules.js';

const o = resolveOptions();
const stats = bundledStats(shingleParams(o));

export function featuresOf(a: string, b: string, dateA?: string, dateB?: string): Record<string, number> {
  const sh = new Shingler(shingleParams(o));
  const va = textView(sh, { text: a, date: dateA });
  const vb = textView(sh, { text: b, date: dateB });
  const x = pairFeatures(
    va,
    vb,
    ruleOptions(o),
    jaccardSorted(va.shingles, vb.shingles, 0, va.sTo, 0, vb.sTo),
    align(va, vb),
    align(vb, va),
    dateGap(va, vb),
    stats,
    stats.lnDocs(),
    new Float64Array(FEATURE_COUNT),
  );
  return Object.fromEntries([...FEATURE_INDEX].map(([name, i]) => [name, x[i]]));
}

/** The nounExtension feature of a pair of texts (1 or 0). */
export const nounExtensionOf = (a: string, b: string): number => featuresOf(a, b).nounExtension;
