/**
 * The arguments of an A/B bench against other builds: `BEFORE_DIR[,BEFORE_DIR…] [ROUNDS] [INPUT]`,
 * this build's dist/, and a work folder removed on exit; and the median its tables report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedPath } from './shared-data.js';

export interface AbArgs {
  /** The other builds' checkouts (each with a dist/). */
  beforeDirs: string[];
  rounds: number;
  input: string;
  /** This build's dist/ (the benches run from dist/bench). */
  after: string;
  work: string;
}

/**
 * Reads the command line of `script` (exits with its usage when no BEFORE_DIR is given).
 * @example const { beforeDirs, rounds, input, after, work } = abArgs('speed.bench.js', 5)
 */
export function abArgs(script: string, defaultRounds: number): AbArgs {
  const [beforeArg, roundsArg, inputArg] = process.argv.slice(2);
  if (beforeArg === undefined) {
    console.error(`usage: node dist/bench/${script} BEFORE_DIR[,BEFORE_DIR…] [ROUNDS] [INPUT]`);
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), 'neardup-ab-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  return {
    beforeDirs: beforeArg.split(','),
    rounds: Number(roundsArg ?? defaultRounds),
    input: inputArg ?? sharedPath('headlines_zh.jsonl.gz'),
    after: join(dirname(fileURLToPath(import.meta.url)), '..', '..'),
    work,
  };
}

/** The median of the rounds' values (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
