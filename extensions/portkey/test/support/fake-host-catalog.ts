/**
 * A folder shaped like OpenClaw's bundled plugins (`<plugin>/openclaw.plugin.json`)
 * with catalogs made up for one test, for the rules that real catalogs may not
 * happen to exercise today (a reseller, a broken manifest, a malformed row).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

export function fakeExtensionsDir(manifests: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "portkey-host-catalog-"));
  for (const [folder, manifest] of Object.entries(manifests)) {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, "openclaw.plugin.json"), typeof manifest === "string" ? manifest : JSON.stringify(manifest));
  }
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
