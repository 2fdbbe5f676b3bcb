import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Finds PostgreSQL and creates this run's database (or says once that its half is skipped).
    globalSetup: ['./test/support/postgres.ts'],
    // After each file, drops the PostgreSQL schemas its tests used.
    setupFiles: ['./test/support/setup.ts'],
    // The default report, then the count of tests run on each engine.
    reporters: ['default', './test/support/engine-reporter.ts'],
  },
});
