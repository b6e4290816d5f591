/**
 * Debian's chromium, which the report test drives with playwright-core. Absent (a fresh clone),
 * the report test is skipped and test/global-setup.ts says so once; in CI absence is an error.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Why the browser tests cannot run here, or undefined when they can; in CI a reason is an error. */
export function chromiumMissing(): string | undefined {
  if (CHROMIUM) return undefined;
  if (process.env.CI) throw new Error('CI must have Debian chromium installed (.ci/run installs it)');
  return '/usr/bin/chromium is not installed (apt-get install chromium fonts-wqy-zenhei)';
}
