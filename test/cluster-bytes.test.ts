/**
 * The clusters file is encoded as bytes (ids, numbers and the fixed parts copied, no string per
 * member): it must be byte for byte the JSON of the cluster objects, with each cluster's possible
 * duplicates, whatever the ids hold (quotes, backslashes, control characters, CJK, emoji) and
 * however the batches mix plain ids with ones JSON must escape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { round4 } from '../src/cluster/clusters.js';
import { dedup } from '../src/index.js';
import type { AtomicFile } from '../src/files/atomic-file.js';
import { clusterLine, writeClusters } from '../src/write/write-outputs.js';
import { ROOT } from './helpers/shared-data.js';

const records = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; title: string; date: string });

/** Ids of every kind JSON treats differently; most stay plain, so batches of both kinds occur. */
function idOf(id: string, i: number): string {
  switch (i % 23) {
    case 0:
      return `q"${id}`;
    case 5:
      return `b\\${id}`;
    case 9:
      return `c\u0001${id}\n`;
    case 13:
      return `编号${id}`;
    case 17:
      return `😀${id}\u007f`;
    default:
      return id;
  }
}

/** What the clusters file must hold: each cluster object's JSON, its possible duplicates after its members. */
function expected(r: Awaited<ReturnType<typeof dedup>>): string {
  const byKept = new Map<number, number[]>();
  r.possibleOf.forEach((of, i) => {
    if (of >= 0) byKept.set(of, [...(byKept.get(of) ?? []), i]);
  });
  return r.clusters
    .map((c, k) => {
      const line = clusterLine(c);
      const extra = byKept.get(r.table.members[r.table.starts[k]]);
      if (extra === undefined) return `${line}\n`;
      const possible = extra.map((i) =>
        JSON.stringify({ id: r.table.id(i), probability: round4(r.possibleProbability[i]) }),
      );
      return `${line.slice(0, -1)},"possible":[${possible.join(',')}]}\n`;
    })
    .join('');
}

async function written(r: Awaited<ReturnType<typeof dedup>>): Promise<string> {
  const parts: Buffer[] = [];
  const sink = { write: async (b: Uint8Array | string) => void parts.push(Buffer.from(b)) };
  await writeClusters(r.table, sink as unknown as AtomicFile, undefined, r);
  return Buffer.concat(parts).toString('utf8');
}

describe('clusters file bytes', () => {
  for (const batchSize of [7, 64, 4096])
    it(`are the JSON of the cluster objects (batches of ${batchSize})`, async () => {
      const items = records.map((x, i) => ({ id: idOf(x.id, i), text: x.title, date: x.date }));
      const r = await dedup(items, { batchSize });
      expect(r.table.count).toBeGreaterThan(20);
      expect(r.counts.possible).toBeGreaterThan(0);
      const text = await written(r);
      expect(text).toBe(expected(r));
      // Every kind of id made it into some cluster.
      for (const mark of ['q"', 'b\\', '\u0001', '编号', '😀'])
        expect(r.clusters.some((c) => c.members.some((m) => m.id.includes(mark)))).toBe(true);
    });
});
