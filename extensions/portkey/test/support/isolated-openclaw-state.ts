/**
 * For unit tests that run OpenClaw's real credential lookup: an empty
 * temporary state folder (no stored profiles, the real home never read or
 * written) and, when given, a `PORTKEY_API_KEY` for the tests of one file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

export function useIsolatedOpenClawState(options: { portkeyApiKey?: string } = {}): void {
  const saved = { stateDir: process.env.OPENCLAW_STATE_DIR, apiKey: process.env.PORTKEY_API_KEY };
  let stateDir = "";
  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), "portkey-unit-state-"));
    process.env.OPENCLAW_STATE_DIR = stateDir;
    if (options.portkeyApiKey === undefined) delete process.env.PORTKEY_API_KEY;
    else process.env.PORTKEY_API_KEY = options.portkeyApiKey;
  });
  afterAll(() => {
    restore("OPENCLAW_STATE_DIR", saved.stateDir);
    restore("PORTKEY_API_KEY", saved.apiKey);
    rmSync(stateDir, { recursive: true, force: true });
  });
}
