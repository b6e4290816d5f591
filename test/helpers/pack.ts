/**
 * What the package test (test/package.test.ts) needs from the machine: `npm` to pack the tarball
 * and `tar` to unpack it. A fresh clone has both wherever npm works; where one is missing the test
 * is skipped (test/global-setup.ts says so once), and in CI the absence fails the run.
 */
import { spawnSync } from 'node:child_process';

/** Why the package test cannot run here, or undefined when it can; in CI a reason is an error. */
export function packMissing(): string | undefined {
  const missing = ['npm', 'tar'].filter(
    (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status !== 0,
  );
  const reason = missing.length > 0 ? `${missing.join(' and ')} not found on the PATH` : undefined;
  if (reason && process.env.CI) throw new Error(`CI must run the package test, but ${reason}`);
  return reason;
}
