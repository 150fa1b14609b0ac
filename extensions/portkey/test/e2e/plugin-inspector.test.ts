/**
 * OpenClaw's own plugin validators against the pinned OpenClaw:
 * `@openclaw/plugin-inspector` (with runtime capture of the built entry on the
 * real SDK) and ClawHub's `clawhub package validate`, which a registry runs
 * before it accepts a package. No breakage, no P0/P1, no live issue, no
 * compat gap, no deprecated seam, no metadata finding. This is what catches
 * an SDK subpath that a new OpenClaw no longer exports.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlugin, PLUGIN_DIR } from "../harness/openclaw-cli.ts";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
// The package's main entry sits beside its CLI in src/.
const INSPECTOR_BIN = join(dirname(require.resolve("@openclaw/plugin-inspector")), "cli.js");
const CLAWHUB_BIN = join(dirname(require.resolve("clawhub/package.json")), "bin", "clawdhub.js");
const OPENCLAW_DIR = dirname(dirname(require.resolve("openclaw")));
const TIMEOUT_MS = 180_000;

interface InspectorSummary {
  breakageCount: number;
  p0IssueCount: number;
  p1IssueCount: number;
  liveIssueCount: number;
  compatGapCount: number;
  deprecationWarningCount: number;
  upstreamIssueCount: number;
}

interface InspectorReport {
  status: string;
  targetOpenClaw: { version: string };
  summary: InspectorSummary;
  issues: { code: string; severity?: string; priority?: string }[];
}

const NOTHING_TO_FIX: InspectorSummary = {
  breakageCount: 0,
  p0IssueCount: 0,
  p1IssueCount: 0,
  liveIssueCount: 0,
  compatGapCount: 0,
  deprecationWarningCount: 0,
  upstreamIssueCount: 0,
};

let outDir = "";
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "portkey-inspector-"));
  // The built entry (openclaw.runtimeExtensions) is what runtime capture loads.
  await buildPlugin();
});
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("OpenClaw's plugin validators", () => {
  it("plugin-inspector loads the built plugin on the real SDK and finds nothing to fix against OpenClaw 2026.9.6", async () => {
    const out = join(outDir, "inspector");
    const args = [
      "check",
      "--plugin-root",
      PLUGIN_DIR,
      "--openclaw",
      OPENCLAW_DIR,
      "--runtime",
      "--real-sdk",
      "--allow-execute",
      "--out",
      out,
    ];
    await run(process.execPath, [INSPECTOR_BIN, ...args], { timeout: TIMEOUT_MS });

    const report = JSON.parse(await readFile(join(out, "plugin-inspector-report.json"), "utf8")) as InspectorReport;
    expect(report.targetOpenClaw.version).toBe("2026.9.6");
    expect(report.status).toBe("pass");
    expect(report.summary).toMatchObject(NOTHING_TO_FIX);
    // What remains is information (README, "Package metadata and validators"): the checkout also
    // has the TypeScript entry that OpenClaw source checkouts load.
    expect(report.issues.map((issue) => issue.code)).toEqual(["package-typescript-source-entrypoint"]);

    const capture = await readFile(join(out, "plugin-inspector-runtime-capture.md"), "utf8");
    expect(capture).toMatch(/\| Failed \| 0 \|/);
    const builtEntry = capture.split("\n").find((line) => line.includes("dist/index.js"));
    for (const registration of [
      "registerProvider",
      "registerImageGenerationProvider",
      "registerEmbeddingProvider",
      "registerMediaUnderstandingProvider",
      "registerSpeechProvider",
      "registerCli",
    ]) {
      expect(builtEntry).toMatch(new RegExp(`\\| captured \\|.*registration:${registration}\\b`));
    }
  });

  it("clawhub package validate passes the package with no finding", async () => {
    const out = join(outDir, "clawhub");
    const { stdout } = await run(process.execPath, [CLAWHUB_BIN, "package", "validate", PLUGIN_DIR, "--out", out, "--json"], {
      timeout: TIMEOUT_MS,
    });
    const report = JSON.parse(stdout) as { status: string; summary: { breakageCount: number; warningCount: number; issueCount: number } };
    expect(report.status).toBe("pass");
    expect(report.summary).toMatchObject({ breakageCount: 0, warningCount: 0, issueCount: 0 });
  });
});
