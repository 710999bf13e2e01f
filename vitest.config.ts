import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // Two cores: two files at a time, each in its own process with its own database.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A forgotten promise or an unhandled rejection fails the run instead of passing quietly.
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
