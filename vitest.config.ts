import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Says once which tiers (../shared, Redis, Chromium) this machine skips; in CI fails instead.
    globalSetup: ['test/global-setup.ts'],
    // natural (a test oracle) loads dotenv, which prints a "tip" line into the log on every import.
    env: { DOTENV_CONFIG_QUIET: 'true' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
