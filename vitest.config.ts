import { defineConfig } from "vitest/config";

// Unit tests run beside the code; the end-to-end suites start real processes
// (OpenClaw CLI, local servers) and get longer timeouts.
export default defineConfig({
  test: {
    // The plugin's build (dist/), which OpenClaw loads from a linked or discovered checkout.
    globalSetup: ["extensions/portkey/test/support/build-before-tests.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["extensions/*/src/**/*.test.ts", "extensions/*/harness/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["extensions/*/test/e2e/**/*.test.ts", "extensions/*/test/integration/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
