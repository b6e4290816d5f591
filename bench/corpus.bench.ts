/**
 * `npm run bench:corpus -- <file> [peer-subset]`: the whole pipeline on a real corpus, side by side
 * in one run with the floor any Node tool pays on the same file and with the npm peers:
 *
 * - floor: read the file (and gunzip), and JSON.parse every line, one thread;
 * - neardup dedup end to end (the built CLI, with -o and --clusters) at 1 and 2 threads;
 * - npm minhash and bloom-filters: 128-permutation signatures of char 3-grams on a subset,
 *   reported per item (they have no batch pipeline, no verification and no output stage).
 *
 * Prints items/s, seconds, the ratio to the floor and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { hashString } from '../src/sketch/hash.js';
import { charGrams } from './lib/peers.js';
import { sharedPath } from './lib/shared-data.js';
import { recordResults } from './lib/results.js';

recordResults('corpus', 'Whole pipeline on the corpus', 'npm run bench:corpus');

const require = createRequire(import.meta.url);
const NpmMinhash = require('minhash') as { Minhash: new () => { update(s: string): void } };
const BloomFilters = require('bloom-filters') as {
  MinHashFactory: new (n: number, max: number) => { create(): { bulkLoad(values: number[]): void } };
};
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');

const file = process.argv[2] ?? sharedPath('headlines_zh.jsonl.gz');
const peerSubset = Number(process.argv[3] ?? 5000);

interface Row {
  system: string;
  items: number;
  seconds: number;
  rssMb?: number;
  note?: string;
}

function floor(): { rows: Row[]; titles: string[]; floorSeconds: number } {
  let t = performance.now();
  const raw = readFileSync(file);
  const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const readSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const lines = text.split('\n');
  const titles: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    titles.push((JSON.parse(line) as { title: string }).title);
  }
  const parseSeconds = (performance.now() - t) / 1000;
  const n = titles.length;
  return {
    rows: [
      { system: 'floor: read + gunzip the file', items: n, seconds: readSeconds },
      { system: 'floor: split lines + JSON.parse every line', items: n, seconds: parseSeconds },
    ],
    titles,
    floorSeconds: readSeconds + parseSeconds,
  };
}

function neardup(threads: number, out: string): Row {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      'dedup',
      file,
      '-o',
      join(out, `clean-${threads}.jsonl`),
      '--clusters',
      join(out, `clusters-${threads}.jsonl`),
      '--threads',
      String(threads),
      '--json',
      '--quiet',
      '--force',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`neardup dedup failed (${r.status}): ${r.stderr}`);
  const s = JSON.parse(r.stdout) as {
    items: number;
    clusters: number;
    duplicates: number;
    peak_rss_mb: number;
    timings: Record<string, number>;
  };
  return {
    system: `neardup dedup, ${threads} thread${threads > 1 ? 's' : ''}, end to end with -o and --clusters`,
    items: s.items,
    seconds,
    rssMb: s.peak_rss_mb,
    note: `${s.clusters.toLocaleString('en-US')} clusters, ${s.duplicates.toLocaleString('en-US')} duplicates; prepare ${s.timings.prepare} s, link ${s.timings.link} s`,
  };
}

function peers(titles: string[]): Row[] {
  const subset = titles.slice(0, peerSubset);
  const grams = subset.map((t) => charGrams(t, 3));
  let t = performance.now();
  for (const g of grams) {
    const m = new NpmMinhash.Minhash();
    for (const s of g) m.update(s);
  }
  const npmSeconds = (performance.now() - t) / 1000;
  const factory = new BloomFilters.MinHashFactory(128, 2 ** 32 - 1);
  const numeric = grams.map((g) => g.map((s) => hashString(s, 0, s.length, 7)));
  t = performance.now();
  for (const g of numeric) factory.create().bulkLoad(g.length ? g : [0]);
  const bloomSeconds = (performance.now() - t) / 1000;
  const note = `signatures only, first ${subset.length.toLocaleString('en-US')} titles; seconds extrapolated to the corpus`;
  const scale = titles.length / subset.length;
  return [
    {
      system: 'peer: npm minhash (128 perms, char 3-grams)',
      items: titles.length,
      seconds: npmSeconds * scale,
      note,
    },
    {
      system: 'peer: bloom-filters MinHash (128 hashes, char 3-grams)',
      items: titles.length,
      seconds: bloomSeconds * scale,
      note,
    },
  ];
}

const out = mkdtempSync(join(tmpdir(), 'neardup-bench-'));
try {
  const f = floor();
  const floorRss = Math.round(process.resourceUsage().maxRSS / 1024);
  const rows: Row[] = [...f.rows, neardup(1, out), neardup(2, out), ...peers(f.titles)];
  console.log(
    `neardup corpus benchmark: ${file}, ${f.titles.length.toLocaleString('en-US')} records, node ${process.version}, ${(await import('node:os')).availableParallelism()} cores\n`,
  );
  console.log('| system | items/s | seconds | × floor | peak RSS MB | note |\n|---|---|---|---|---|---|');
  for (const r of rows) {
    const rate = Math.round(r.items / r.seconds).toLocaleString('en-US');
    const ratio = (r.seconds / f.floorSeconds).toFixed(2);
    console.log(
      `| ${r.system} | ${rate} | ${r.seconds.toFixed(2)} | ${ratio} | ${r.rssMb ?? (r.system.startsWith('floor') ? floorRss : '')} | ${r.note ?? ''} |`,
    );
  }
  console.log(
    `\nfloor = read + parse = ${f.floorSeconds.toFixed(2)} s; the floor's RSS is this process's peak after loading the whole file.`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
