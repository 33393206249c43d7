import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Redis-backed and process-spawning tests need more than the default 5 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep CPU-heavy files from starving each other's timers.
    maxWorkers: 2,
  },
});
