/**
 * What the package test (test/package.test.ts) needs from the machine: `npm` to pack and install
 * the tarball, and the repository's TypeScript (a devDependency) to type-check the consumers. A
 * fresh clone after `npm ci` has both; where one is missing the test is
 * skipped (test/global-setup.ts says so once), and in CI the absence fails the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './shared-data.js';

/** The repository's tsc, which type-checks the consumer projects. */
export const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Why the package test cannot run here, or undefined when it can; in CI a reason is an error. */
export function packMissing(): string | undefined {
  const missing = spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0 ? [] : ['npm'];
  if (!existsSync(TSC)) missing.push(`TypeScript (${TSC}; run npm ci)`);
  const reason = missing.length > 0 ? `${missing.join(' and ')} not found` : undefined;
  if (reason && process.env.CI) throw new Error(`CI must run the package test, but ${reason}`);
  return reason;
}
