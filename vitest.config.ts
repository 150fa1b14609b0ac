import { defineConfig } from "vitest/config";

// Three projects by what a suite starts: `unit` starts nothing (no server, no
// process); `integration` starts loopback servers (the Portkey cloud stand-in,
// the real self-hosted gateway) and runs files in parallel; `e2e` drives the
// real OpenClaw CLI, one file at a time, with longer timeouts.
export default defineConfig({
  test: {
    // The plugin's build (dist/), which OpenClaw loads from a linked or discovered checkout.
    globalSetup: ["extensions/portkey/test/support/build-before-tests.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["extensions/*/src/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["extensions/*/src/**/*.integration.test.ts", "extensions/*/test/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["extensions/*/test/e2e/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
