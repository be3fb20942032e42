import { defineConfig } from 'vitest/config';

/**
 * Four projects. 'unit' (pure functions, and store and API tests on fixture analyses) and 'e2e' run
 * together, two files at a time (one per core); then the timing test of the server's analysis pool
 * runs alone ('load'), so that its latency figures measure the server and not another test file
 * competing for the same two cores. `npx vitest run --project unit` is the quick loop.
 *
 * 'e2e' is chosen by folder and by name: test/e2e/ holds the tests that spawn the built CLI
 * (dist/cli/main.js) or drive the dashboard in chromium; the few tests that analyse many texts with
 * the shipped models stay beside the unit tests of their module and are listed in MODEL_HEAVY.
 * Before e2e and load tests run, test/e2e/build-current.ts rebuilds dist/ when it is older than the
 * sources, so a spawned CLI or worker is never stale code.
 *
 * Last, 'outage' restarts the PostgreSQL server under running workers: alone, since a restart drops
 * every other test's connections to that server too.
 */
const LOAD_TESTS = ['test/server/analyze-pool.test.ts'];
const OUTAGE_TESTS = ['test/e2e/cli/queue-restart.test.ts'];
const MODEL_HEAVY = [
  'test/techniques/annotate.test.ts', // the shipped technique, genre and frame models over a folder of texts
  'test/narratives/neutral-news.test.ts', // the shipped narrative models on invented news of other topics
  'test/pipeline/mixed-language.test.ts', // every shipped model, per language part
];
const E2E_TESTS = ['test/e2e/**/*.test.ts', ...MODEL_HEAVY];
const BUILD_CURRENT = ['test/e2e/build-current.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    // Starting chromium or a server on a loaded machine can take longer than the default 10 s.
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts', 'src/**/*.test.ts'], exclude: [...E2E_TESTS, ...LOAD_TESTS], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'e2e', include: E2E_TESTS, exclude: OUTAGE_TESTS, globalSetup: BUILD_CURRENT, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'load', include: LOAD_TESTS, globalSetup: BUILD_CURRENT, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: 'outage', include: OUTAGE_TESTS, globalSetup: BUILD_CURRENT, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
