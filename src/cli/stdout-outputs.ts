/**
 * One machine-readable stream per stdout: two outputs sharing it would interleave (a summary
 * line inside the clusters stream), so a second one is a usage error that says which to move.
 */
import { NeardupError } from '../errors.js';

/**
 * Refuses when more than one output would go to stdout. `outputs` pairs each flag with its target
 * (`-` is stdout); `--json` writes its summary line there too.
 * @example checkOneStdout([['--clusters', '-'], ['-o', 'clean.jsonl']], true) // throws: --clusters - and --json
 */
export function checkOneStdout(
  outputs: readonly (readonly [string, string | undefined])[],
  json: boolean,
): void {
  const flags = outputs.filter(([, target]) => target === '-').map(([flag]) => flag);
  const onStdout = [...flags.map((f) => `${f} -`), ...(json ? ['--json'] : [])];
  if (onStdout.length < 2) return;
  const moves = [
    ...flags.map((f) => `${f} FILE`),
    ...(json ? ['leave out --json (the summary is printed on stderr)'] : []),
  ];
  throw new NeardupError(
    'E_USAGE',
    `${onStdout.join(' and ')} would ${onStdout.length === 2 ? 'both' : 'all'} write to stdout, where their lines would mix; keep one there and move the others: ${moves.join(', or ')}`,
  );
}
