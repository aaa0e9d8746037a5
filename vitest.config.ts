import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Does nothing unless TRIALDESK_TEST_NOW is set: then every test file runs as if it were then.
const setupFiles = ['test/support/shift-clock.ts'];

export default defineConfig({
  test: {
    // Vitest's default leaves one core idle (one worker on a 2-core machine). Embedded test files
    // each load their own database in their own worker, so they use every core. On PostgreSQL the
    // files share one database and a few tests act on every row of a table (the start-up sweep of
    // unfinished import jobs, the audit chain check), so they keep running one file at a time.
    maxWorkers: process.env.TEST_DATABASE_URL ? 1 : availableParallelism(),
    // A file that starts with `// @module-tag today` depends on today's date, weekday or time
    // zone: scripts/test-clock-sweep.mjs runs it as if it were each day of a week, DST changes
    // and a year end, in several zones (`npx vitest run --tags-filter today` runs them now).
    tags: [{ name: 'today', description: "depends on today's date, weekday or time zone" }],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
          setupFiles,
        },
      },
      {
        // The web app's logic without a browser (form models, conversions); its flows are in e2e/.
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts'],
          setupFiles,
        },
      },
      {
        // The web app's forms rendered in jsdom with Testing Library: the rules a user meets while
        // filling them in, with the API answered at the fetch boundary (web/src/test/fake-api.ts).
        test: {
          name: 'web-components',
          include: ['web/src/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: [...setupFiles, 'web/src/test/setup-dom.ts'],
          // Rendering and typing in jsdom takes seconds on a busy machine.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
