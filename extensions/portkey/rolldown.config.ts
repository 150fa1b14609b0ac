/**
 * The JavaScript an installed package runs (openclaw.runtimeExtensions).
 * Bundled so the package ships no dependencies: OpenClaw copies an installed
 * plugin's whole folder, node_modules included, into a capture directory each
 * time a run loads it, and zod's 800-odd files cost every turn more than the
 * plugin's own code. Each dynamic import stays its own file, so a chat turn
 * still loads only the chat code; zod gets a file of its own for the same reason.
 */
import { defineConfig } from "rolldown";

export default defineConfig({
  input: { index: "index.ts" },
  platform: "node",
  // The SDK is the host's (OpenClaw aliases it for plugins); node built-ins stay built-ins.
  external: [/^openclaw\//, /^node:/],
  output: {
    dir: "dist",
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name].js",
    cleanDir: true,
    codeSplitting: { groups: [{ name: "zod", test: /[\\/]node_modules[\\/]zod[\\/]/ }] },
  },
});
