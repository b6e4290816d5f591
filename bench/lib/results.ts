/**
 * Benchmark figures go to `bench/RESULTS.md`, written by the script that measured them: each
 * script records what it prints into its own named section, headed by the command, the machine
 * and the date, and every other section is left as it was. So a figure the README links to can
 * always be traced to a command and regenerated. `NEARDUP_RESULTS=0` turns the writing off.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** bench/RESULTS.md of the project (from bench/lib or dist/bench/lib). */
export const RESULTS_FILE =
  [join(HERE, '..', 'RESULTS.md'), join(HERE, '..', '..', '..', 'bench', 'RESULTS.md')].find((p) =>
    existsSync(p),
  ) ?? join(HERE, '..', 'RESULTS.md');

/** The machine a figure was measured on, in one line. */
export function machineLine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  return `${cpu.length} × ${model}, ${gib} GiB, ${platform()} ${arch()}, Node ${process.versions.node}`;
}

const start = (name: string) => `<!-- results:${name} start -->`;
const end = (name: string) => `<!-- results:${name} end -->`;

/**
 * `text` with section `name` replaced by `body` (or added at the end when it is not there yet).
 * @example replaceSection('a\n<!-- results:x start -->\nold\n<!-- results:x end -->\n', 'x', 'new')
 * // 'a\n<!-- results:x start -->\nnew\n<!-- results:x end -->\n'
 */
export function replaceSection(text: string, name: string, body: string): string {
  const block = `${start(name)}\n${body.trimEnd()}\n${end(name)}`;
  const from = text.indexOf(start(name));
  const to = text.indexOf(end(name));
  if (from === -1 || to < from) return `${text.trimEnd()}\n\n${block}\n`;
  return text.slice(0, from) + block + text.slice(to + end(name).length);
}

/** A section's body: its title, the command, the machine and the date, then what was printed. */
export function sectionBody(title: string, command: string, printed: string, date = new Date()): string {
  return [
    `## ${title}`,
    '',
    `\`${command}\` on ${machineLine()}, ${date.toISOString().slice(0, 10)}.`,
    '',
    printed.trim(),
  ].join('\n');
}

/**
 * Records everything this process prints with console.log from now on, and on a successful exit
 * writes it into section `name` of RESULTS.md.
 * @example recordResults('corpus', 'Whole pipeline', 'npm run bench:corpus')
 */
export function recordResults(name: string, title: string, command: string): void {
  if (process.env.NEARDUP_RESULTS === '0') return;
  const printed: string[] = [];
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    printed.push(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
    log(...args);
  };
  process.on('exit', (code) => {
    if (code !== 0 || (process.exitCode ?? 0) !== 0 || printed.length === 0) return;
    const old = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n';
    writeFileSync(RESULTS_FILE, replaceSection(old, name, sectionBody(title, command, printed.join('\n'))));
    process.stderr.write(`results written to ${RESULTS_FILE} (section ${name})\n`);
  });
}
