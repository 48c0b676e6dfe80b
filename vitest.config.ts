import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration suites start their own moto server; keep the 2-core CI machine unsaturated.
    maxWorkers: 2,
    testTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
    setupFiles: ['./test/setup-env.ts'],
    hookTimeout: 120_000,
  },
});
