/**
 * `npm run build-df`: counts the document frequency of every shingle and token of the shared
 * 1M-headline corpus (../shared/data/headlines_zh.jsonl.gz) with the engine's own shingler at the
 * default parameters, and writes those seen in at least MIN_DF distinct headlines to
 * data/df-table.bin (see src/verify/corpus-stats.ts). A headline repeated verbatim (trending
 * titles recur for days) counts once: a frame is common when many different headlines share it.
 * Deterministic: the same corpus gives the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveOptions, shingleParams } from '../src/options/options.js';
import { Shingler } from '../src/text/shingle.js';
import { sortAscending } from '../src/sketch/sort-ascending.js';
import {
  DATA_DIR,
  DF_TABLE_FILE,
  encodeDfTable,
  quantiseDf,
  type DfTable,
} from '../src/verify/corpus-stats.js';
import { readJsonl, sharedPath } from './lib/shared-data.js';

/** Keys in fewer distinct headlines than this are left out (they read as rare). */
const MIN_DF = Number(process.env.MIN_DF ?? 8);

class Growable {
  a = new Uint32Array(1 << 20);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
}

/** Run-length counts of the sorted values, kept where the count reaches minDf. */
function countSorted(g: Growable, minDf: number): { keys: Uint32Array; logDf: Uint8Array; distinct: number } {
  sortAscending(g.a, 0, g.n);
  const keys: number[] = [];
  const logDf: number[] = [];
  let distinct = 0;
  for (let i = 0; i < g.n; ) {
    let j = i + 1;
    while (j < g.n && g.a[j] === g.a[i]) j++;
    distinct++;
    if (j - i >= minDf) {
      keys.push(g.a[i]);
      logDf.push(quantiseDf(j - i));
    }
    i = j;
  }
  return { keys: Uint32Array.from(keys), logDf: Uint8Array.from(logDf), distinct };
}

function main(): void {
  const started = performance.now();
  const o = resolveOptions();
  const params = shingleParams(o);
  const titles = new Set(
    readJsonl<{ title: string }>(sharedPath('headlines_zh.jsonl.gz')).map((h) => h.title),
  );
  const sh = new Shingler(params);
  const shingles = new Growable();
  const tokens = new Growable();
  let docs = 0;
  const seen = new Set<number>();
  for (const title of titles) {
    const n = sh.shingle(title);
    if (n === 0) continue;
    docs++;
    for (let k = 0; k < n; k++) shingles.push(sh.hashes[k]);
    seen.clear();
    for (let k = 0; k < sh.tokenCount; k++) seen.add(sh.tokens[k]);
    for (const t of seen) tokens.push(t);
  }
  const s = countSorted(shingles, MIN_DF);
  const t = countSorted(tokens, MIN_DF);
  const table: DfTable = {
    params: {
      ngram: params.ngram,
      seed: params.seed,
      foldScript: params.foldScript,
      stripTags: params.stripTags,
    },
    docs,
    minDf: MIN_DF,
    shingleKeys: s.keys,
    shingleLogDf: s.logDf,
    tokenKeys: t.keys,
    tokenLogDf: t.logDf,
  };
  const bytes = encodeDfTable(table);
  const path = join(DATA_DIR, DF_TABLE_FILE);
  writeFileSync(path, bytes);
  console.log(
    `${path}: ${bytes.length.toLocaleString('en-US')} bytes — ${docs.toLocaleString('en-US')} distinct headlines; ` +
      `${s.keys.length.toLocaleString('en-US')} of ${s.distinct.toLocaleString('en-US')} shingles and ` +
      `${t.keys.length.toLocaleString('en-US')} of ${t.distinct.toLocaleString('en-US')} tokens with df ≥ ${MIN_DF} ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

main();
