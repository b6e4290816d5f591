/**
 * `npm run imports`: prints the folder-level import graph of src/ in stage order (see
 * lib/import-graph.ts) and exits 1 if any import runs back up a stage, so the tree keeps reading
 * as the pipeline.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderGraph, STAGES } from './lib/import-graph.js';

// dist/bench → the repository's src/ (the sources, not the build: type-only imports count too).
const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
const edges = folderGraph(src);
console.log(`stages, lowest first: ${STAGES.join(' < ')}\n`);
for (const from of STAGES) {
  const out = edges.filter((e) => e.from === from);
  if (out.length) console.log(`${from.padEnd(10)} -> ${out.map((e) => `${e.to}(${e.count})`).join(' ')}`);
}
const back = edges.filter((e) => e.back);
for (const e of back) console.log(`BACK-EDGE ${e.from} -> ${e.to} (${e.count} imports)`);
console.log(`\n${edges.length} folder edges, ${back.length} back-edges`);
process.exitCode = back.length ? 1 : 0;
