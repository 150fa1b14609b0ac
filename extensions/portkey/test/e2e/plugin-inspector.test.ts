/**
 * OpenClaw's own plugin validator (`@openclaw/plugin-inspector`) against the
 * pinned OpenClaw: no breakage, no live issue, no compat gap and no
 * deprecated seam. This is what catches an SDK subpath that a new OpenClaw
 * no longer exports.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { PLUGIN_DIR } from "../support/openclaw-cli.ts";

const require = createRequire(import.meta.url);
// The package's main entry sits beside its CLI in src/.
const INSPECTOR_BIN = join(dirname(require.resolve("@openclaw/plugin-inspector")), "cli.js");
const OPENCLAW_DIR = dirname(dirname(require.resolve("openclaw")));

interface InspectorReport {
  status: string;
  targetOpenClaw: { version: string };
  summary: {
    breakageCount: number;
    p0IssueCount: number;
    p1IssueCount: number;
    liveIssueCount: number;
    compatGapCount: number;
    deprecationWarningCount: number;
    upstreamIssueCount: number;
  };
}

let outDir = "";
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("OpenClaw's plugin inspector", () => {
  it("finds nothing to fix in the plugin against OpenClaw 2026.9.6", async () => {
    outDir = await mkdtemp(join(tmpdir(), "portkey-inspector-"));
    await promisify(execFile)(process.execPath, [INSPECTOR_BIN, "check", "--plugin-root", PLUGIN_DIR, "--openclaw", OPENCLAW_DIR, "--out", outDir], {
      timeout: 120_000,
    });
    const report = JSON.parse(await readFile(join(outDir, "plugin-inspector-report.json"), "utf8")) as InspectorReport;
    expect(report.targetOpenClaw.version).toBe("2026.9.6");
    expect(report.status).toBe("pass");
    expect(report.summary).toMatchObject({
      breakageCount: 0,
      p0IssueCount: 0,
      p1IssueCount: 0,
      liveIssueCount: 0,
      compatGapCount: 0,
      deprecationWarningCount: 0,
      upstreamIssueCount: 0,
    });
  });
});
