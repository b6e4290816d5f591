/**
 * `npm run star:check -- [file] [--redis URL | --redis-cluster HOST:PORT,…] [--redis-items N]
 * [--compare clusters.jsonl]`: what star
 * clustering promises, measured on a real corpus (default: ../shared/data/headlines_zh.jsonl.gz):
 *
 * - every removed item is a duplicate of its kept item by the engine's own pair decision (dates
 *   given): the share that is, and the first failures;
 * - checking the corpus in order with an in-memory NearDupIndex flags exactly the removed items,
 *   each with `of` its batch canonical item; with --redis, the same for the first N items through
 *   a Redis index (a prefix of its own, deleted after), one server or a cluster, and that it
 *   answers as the in-memory index does on those N, item by item (duplicate or not, and `of`);
 * - with --compare (a --clusters file of another build or linkage), how many items it removed,
 *   and 20 items (seeded) that it removed and star keeps, with the pair decision against the
 *   canonical item it had removed them for.
 */
import { readFileSync } from 'node:fs';
import { compare, dedup, NearDupIndex, type DedupOptions, type PairText } from '../src/index.js';
import type { RedisStore } from '../src/online/redis-store.js';
import { readJsonl, sharedPath } from './lib/shared-data.js';
import { recordResults } from './lib/results.js';

recordResults(
  'star-check',
  'Star clusters against the pair decision and the online index',
  'npm run star:check',
);

interface Row {
  id: string;
  title: string;
  date?: string;
}

const args = process.argv.slice(2);
const flag = (name: string) => {
  const k = args.indexOf(name);
  return k === -1 ? undefined : args.splice(k, 2)[1];
};
const redisUrl = flag('--redis');
const redisCluster = flag('--redis-cluster');
const redisItems = Number(flag('--redis-items') ?? 100_000);
const compareFile = flag('--compare');
const file = args[0] ?? sharedPath('headlines_zh.jsonl.gz');
const options: DedupOptions = {};

const rows = readJsonl<Row>(file);
const items = rows.map((r) => ({ id: r.id, text: r.title, date: r.date }));
let t = performance.now();
const result = await dedup(items, options, { threads: 2 });
let largest = 0;
for (let k = 0; k < result.table.count; k++)
  largest = Math.max(largest, result.table.starts[k + 1] - result.table.starts[k]);
console.log(
  `dedup: ${items.length} items, ${result.counts.duplicates} removed, ${result.counts.clusters} clusters, largest ${largest} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
);

t = performance.now();
const cmp = (a: PairText, b: PairText) => compare(a, b, options);
let removed = 0;
const failures: string[] = [];
for (let i = 0; i < items.length; i++) {
  const k = result.canonicalOf[i];
  if (k === i) continue;
  removed++;
  if (!cmp(items[i], items[k]).duplicate)
    failures.push(`${items[i].id} ${items[i].text} → ${items[k].id} ${items[k].text}`);
}
console.log(
  `removed items that are duplicates of their kept item: ${removed - failures.length} / ${removed} = ${((removed - failures.length) / removed).toFixed(4)} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
);
for (const f of failures.slice(0, 5)) console.log(`  not a duplicate: ${f}`);

/** Checks items in order with an index; where it differs from the batch canonicals given. */
async function replay(
  index: NearDupIndex,
  its: readonly (typeof items)[number][],
  canonicalOf: Int32Array,
): Promise<{ flagged: number; differences: string[]; answers: (string | undefined)[] }> {
  const differences: string[] = [];
  const answers: (string | undefined)[] = [];
  let flagged = 0;
  for (let i = 0; i < its.length; i++) {
    const c = await index.check(its[i]);
    answers.push(c.of);
    if (c.duplicate) flagged++;
    const k = canonicalOf[i];
    const expected = k === i ? undefined : its[k].id;
    if (c.of !== expected)
      differences.push(`${its[i].id}: index ${c.of ?? 'new'}, batch ${expected ?? 'kept'}`);
  }
  return { flagged, differences, answers };
}

t = performance.now();
const memory = await replay(new NearDupIndex(options), items, result.canonicalOf);
console.log(
  `in-memory replay of all ${items.length}: ${memory.flagged} flagged, ${memory.differences.length} differences from batch (${((performance.now() - t) / 1000).toFixed(1)} s)`,
);
for (const d of memory.differences.slice(0, 5)) console.log(`  ${d}`);

if (redisUrl || redisCluster) {
  // Batch over the prefix alone: star clusters of a prefix are the prefix of the walk.
  const prefixItems = items.slice(0, redisItems);
  const prefixBatch = await dedup(prefixItems, options, { threads: 2 });
  const prefix = `starcheck${process.pid}`;
  const where = redisCluster ? `Redis Cluster ${redisCluster}` : `Redis ${redisUrl}`;
  const index = await NearDupIndex.connect(redisCluster ? { cluster: redisCluster } : redisUrl!, {
    ...options,
    prefix,
  });
  t = performance.now();
  const { flagged, differences, answers } = await replay(index, prefixItems, prefixBatch.canonicalOf);
  console.log(
    `${where} replay of the first ${prefixItems.length}: ${flagged} flagged (batch removes ${prefixBatch.counts.duplicates}), ${differences.length} differences (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  for (const d of differences.slice(0, 5)) console.log(`  ${d}`);
  // The same prefix through an in-memory index: the shared one must answer alike, item by item.
  const mem = await replay(new NearDupIndex(options), prefixItems, prefixBatch.canonicalOf);
  const unlike = answers.flatMap((of, i) =>
    of === mem.answers[i]
      ? []
      : [`${prefixItems[i].id}: ${where} ${of ?? 'new'}, in memory ${mem.answers[i] ?? 'new'}`],
  );
  console.log(
    `${where} vs in-memory on the first ${prefixItems.length}: ${flagged} and ${mem.flagged} flagged, ${unlike.length} items answered differently (duplicate or not, or of)`,
  );
  for (const d of unlike.slice(0, 5)) console.log(`  ${d}`);
  await (index.store as RedisStore).clear();
  await index.close();
}

if (compareFile) {
  const before = new Map<string, string>();
  for (const line of readFileSync(compareFile, 'utf8').split('\n')) {
    if (!line) continue;
    const c = JSON.parse(line) as { canonical: string; members: { id: string }[] };
    for (const m of c.members.slice(1)) before.set(m.id, c.canonical);
  }
  const indexOf = new Map(items.map((it, i) => [it.id, i]));
  const keptNow = [...before].filter(([id]) => result.canonicalOf[indexOf.get(id)!] === indexOf.get(id));
  console.log(
    `the compared clusters removed ${before.size} items; star removes ${removed}; ${keptNow.length} removed there are kept here`,
  );
  let notDup = 0;
  for (const [id, canon] of keptNow)
    if (!cmp(items[indexOf.get(id)!], items[indexOf.get(canon)!]).duplicate) notDup++;
  console.log(
    `  of those, ${notDup} (${((100 * notDup) / Math.max(1, keptNow.length)).toFixed(1)}%) are not duplicates of the canonical item that removed them`,
  );
  // 20 of them, spread evenly (deterministic), for a reader's look.
  const step = Math.max(1, Math.floor(keptNow.length / 20));
  for (let k = 0; k < keptNow.length && k / step < 20; k += step) {
    const [id, canon] = keptNow[k];
    const a = items[indexOf.get(id)!];
    const b = items[indexOf.get(canon)!];
    const d = cmp(a, b);
    console.log(
      `  ${a.id} ${a.date ?? ''} ${a.text} | was removed for ${b.id} ${b.date ?? ''} ${b.text} | ${d.duplicate ? 'duplicate' : `not: ${d.rule}`} ${d.similarity.toFixed(3)}`,
    );
  }
}
