import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two test files at a time even on 2 cores (Vitest's default there is one): much of the suite
    // waits on child processes (servers restarted, Chromium, PostgreSQL, GDAL). Measured on 2 cores
    // under a load of ~10 from other work: 3,833 s of tests in 2,236 s of wall time, all passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ["test/global-setup.ts"],
  },
});
