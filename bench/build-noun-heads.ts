/**
 * `npm run build-noun-heads`: counts, over the distinct headlines of the shared 1M-headline corpus
 * (../shared/data/headlines_zh.jsonl.gz), tokenised by the engine's own shingler at the default
 * parameters, how often each Han bigram follows 的 and how often 了, 着 or 过 follows it, and
 * writes the bigrams seen after 的 in more headlines than before an aspect particle to
 * data/noun-heads.bin (see src/verify/noun-heads.ts). Deterministic: the same corpus gives the
 * same bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveOptions, shingleParams } from '../src/options/options.js';
import { Shingler } from '../src/text/shingle.js';
import { DATA_DIR } from '../src/verify/corpus-stats.js';
import { bigramKey, encodeNounHeads, NOUN_HEADS_FILE } from '../src/verify/noun-heads.js';
import { isHan } from '../src/verify/span-kinds.js';
import { readJsonl, sharedPath } from './lib/shared-data.js';

const DE = '的'.codePointAt(0)!;
const ASPECT = new Set([...'了着过'].map((c) => c.codePointAt(0)!));

function main(): void {
  const started = performance.now();
  const titles = new Set(
    readJsonl<{ title: string }>(sharedPath('headlines_zh.jsonl.gz')).map((h) => h.title),
  );
  const sh = new Shingler(shingleParams(resolveOptions()));
  // Per bigram: headlines where it follows 的, and where an aspect particle follows it (each
  // headline counted once for each).
  const afterDe = new Map<number, number>();
  const beforeAspect = new Map<number, number>();
  const seenDe = new Set<number>();
  const seenAspect = new Set<number>();
  for (const title of titles) {
    if (sh.shingle(title) === 0) continue;
    const t = sh.tokens;
    const n = sh.tokenCount;
    seenDe.clear();
    seenAspect.clear();
    for (let i = 0; i + 1 < n; i++) {
      if (!isHan(t[i]) || !isHan(t[i + 1])) continue;
      const k = bigramKey(t[i], t[i + 1]);
      if (i > 0 && t[i - 1] === DE) seenDe.add(k);
      if (i + 2 < n && ASPECT.has(t[i + 2])) seenAspect.add(k);
    }
    for (const k of seenDe) afterDe.set(k, (afterDe.get(k) ?? 0) + 1);
    for (const k of seenAspect) beforeAspect.set(k, (beforeAspect.get(k) ?? 0) + 1);
  }
  const keys = Uint32Array.from(
    [...afterDe].filter(([k, de]) => de > (beforeAspect.get(k) ?? 0)).map(([k]) => k),
  ).sort();
  const bytes = encodeNounHeads(keys);
  const path = join(DATA_DIR, NOUN_HEADS_FILE);
  writeFileSync(path, bytes);
  console.log(
    `${path}: ${bytes.length.toLocaleString('en-US')} bytes — ${keys.length.toLocaleString('en-US')} noun heads of ` +
      `${afterDe.size.toLocaleString('en-US')} bigrams seen after 的, over ${titles.size.toLocaleString('en-US')} distinct headlines ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

main();
