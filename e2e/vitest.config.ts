import { defineConfig } from 'vitest/config';

/** Browser tests: the real server, the real embedded database, Debian's Chromium. */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 90_000,
    // What a page shows after a click arrives when the server has answered: a signature (a
    // password hash) or a page load can take seconds on a busy two-core machine, past the
    // default of one second a poll waits.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 360_000,
    // One server and one browser at a time: the machine has two cores.
    fileParallelism: false,
  },
});
