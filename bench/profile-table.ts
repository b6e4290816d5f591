/**
 * A `node --cpu-prof` profile as tables: self time by pipeline stage (the folder of `src/` a
 * function lives in, or Node's own work), and the functions with the most self time.
 *   node dist/bench/profile-table.js PROFILE.cpuprofile [TOP]
 * Self time, not total: each sample counts once, for the function that was running, so the rows
 * add up to the profile's length and two profiles can be compared row by row.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The part of the pipeline a frame belongs to: `src/<folder>`, `workers`, `bench`, or Node's own. */
function stageOf(url: string, name: string): string {
  const m = /\/(src|workers|bench)\/(?:([\w-]+)\/)?/.exec(url);
  if (m) return m[1] === 'src' ? `src/${m[2] ?? '.'}` : m[1];
  if (name === '(garbage collector)') return '(gc)';
  if (name === '(idle)' || name === '(program)') return name;
  if (url.startsWith('node:') || url === '') return '(node, V8 built-ins)';
  return url.includes('node_modules') ? '(dependencies)' : '(other)';
}

/** Self milliseconds per key over the profile's samples. */
function selfTimes(p: CpuProfile, key: (n: ProfileNode) => string): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (let k = 0; k < p.samples.length; k++) {
    const n = byId.get(p.samples[k]);
    if (n === undefined) continue;
    const ms = (p.timeDeltas[k] ?? 0) / 1000;
    const id = key(n);
    out.set(id, (out.get(id) ?? 0) + ms);
  }
  return out;
}

function table(title: string, times: Map<string, number>, top: number): string {
  const total = [...times.values()].reduce((s, v) => s + v, 0);
  const rows = [...times.entries()].sort((x, y) => y[1] - x[1]).slice(0, top);
  const lines = [`| ${title} | self ms | share |`, '|---|---|---|'];
  for (const [k, ms] of rows)
    lines.push(`| ${k} | ${Math.round(ms)} | ${((100 * ms) / total).toFixed(1)}% |`);
  lines.push(`| total | ${Math.round(total)} | 100% |`);
  return lines.join('\n');
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node dist/bench/profile-table.js PROFILE.cpuprofile [TOP]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const top = Number(topArg ?? 25);
const fileOf = (n: ProfileNode) => {
  const { url, functionName, lineNumber } = n.callFrame;
  const short = url.replace(/^.*\/(src|workers|bench)\//, '$1/').replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
};
console.log(
  table(
    'stage (folder)',
    selfTimes(profile, (n) => stageOf(n.callFrame.url, n.callFrame.functionName)),
    30,
  ),
);
console.log();
console.log(table('function', selfTimes(profile, fileOf), top));
