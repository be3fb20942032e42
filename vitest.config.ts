import { defineConfig } from 'vitest/config';

/**
 * Two groups run one after the other: every test file (two at a time, one per core), then the
 * timing test of the server's analysis pool alone, so that its latency figures measure the server
 * and not another test file competing for the same two cores.
 */
const LOAD_TESTS = ['test/server/analyze-pool.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts', 'src/**/*.test.ts'], exclude: LOAD_TESTS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'load', include: LOAD_TESTS, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
