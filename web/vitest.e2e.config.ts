import { defineConfig } from 'vitest/config';

// End-to-end tests: real `tsunagu` server + Debian's Chromium through playwright-core.
// One file at a time, one worker: the tests share one server and its data directory.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['verbose'],
  },
});
