import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // On PGlite: one migrated database image that every test file's server starts from.
    globalSetup: ['./test/global-setup.ts'],
    maxWorkers: 2,
    // Browser tests poll the page for what a request changes; 1 s (the default) is short on a busy 2-core machine.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
