/**
 * The interactive wizard, driven through a real terminal: a person picks
 * Portkey from OpenClaw's provider list, types the gateway URL and the key,
 * and OpenClaw's own live completion check goes through the plugin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { createInstalledSandbox, OPENCLAW_ENTRY, PORTKEY_TEST_KEY, type OpenClawSandbox } from "../harness/openclaw-cli.ts";
import { KEYS, startTerminalSession } from "../support/terminal-session.ts";

let cloud: FakePortkeyCloud;
let sandbox: OpenClawSandbox;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY });
  sandbox = await createInstalledSandbox();
});

afterAll(async () => {
  await cloud?.close();
  await sandbox?.remove();
});

describe("interactive onboarding", () => {
  it("offers Portkey in the wizard, refuses a bad URL at the prompt, and sets Portkey up", async () => {
    const wizard = startTerminalSession({
      command: [
        process.execPath,
        OPENCLAW_ENTRY,
        "onboard",
        "--mode",
        "local",
        "--workspace",
        sandbox.workspaceDir,
        "--skip-daemon",
        "--skip-channels",
        "--skip-skills",
        "--skip-search",
        "--skip-health",
        "--skip-ui",
        "--skip-hooks",
      ],
      env: { ...sandbox.env, TERM: "xterm-256color" },
      cwd: sandbox.root,
    });
    const step = async (prompt: string | RegExp, keys: string, from = 0) => {
      const at = await wizard.waitFor(prompt, { from });
      await wizard.type(keys);
      return at;
    };

    let at = await step("Continue?", KEYS.enter);
    at = await step("Help make OpenClaw better?", KEYS.enter, at);
    at = await step("Setup mode", KEYS.enter, at);
    at = await step("What should we call your first agent?", KEYS.enter, at);
    // Portkey sits in the searchable "More…" list of providers.
    at = await wizard.waitFor("Model/auth provider", { from: at });
    await wizard.waitFor("More…", { from: at });
    await wizard.type(KEYS.down.repeat(5) + KEYS.enter);
    at = await step("Type: to search", "portkey", at);
    await wizard.waitFor(/Portkey\s*$/m, { from: at });
    await wizard.type(KEYS.enter);
    // Portkey offers two ways in; the first is Portkey cloud (or any gateway) with an API key.
    at = await wizard.waitFor("Portkey self-hosted gateway", { from: at });
    await wizard.type(KEYS.enter);

    at = await wizard.waitFor("Portkey gateway URL", { from: at });
    await wizard.waitFor("https://api.portkey.ai/v1", { from: at });
    await wizard.type(KEYS.backspace.repeat(40) + "ftp://gateway.example" + KEYS.enter);
    at = await wizard.waitFor("must use http:// or https://", { from: at });
    await wizard.type(KEYS.backspace.repeat(40) + cloud.baseUrl + KEYS.enter);

    at = await step("Enter your Portkey API key", PORTKEY_TEST_KEY + KEYS.enter, at);
    at = await step("Keep current (", KEYS.enter, at);
    at = await step("Test AI access now", KEYS.enter, at);
    await wizard.waitFor("AI access works", { from: at, timeoutMs: 90_000 });
    expect(await wizard.exited(120_000)).toBe(0);

    expect(wizard.screen()).not.toContain(PORTKEY_TEST_KEY);
    const configText = (await sandbox.readConfigText()) ?? "";
    expect(configText).not.toContain(PORTKEY_TEST_KEY);
    const config = JSON.parse(configText);
    expect(config.models.providers.portkey.baseUrl).toBe(cloud.baseUrl);
    // Chosen from the models the gateway listed during setup.
    expect(config.agents.defaults.model.primary).toMatch(/^portkey\/@openai-prod\/gpt-4o/);

    // The gateway saw the key check during setup and OpenClaw's live completion, both with the key header.
    expect(cloud.requests.some((request) => request.path === "/v1/models")).toBe(true);
    const chats = cloud.requests.filter((request) => request.path === "/v1/chat/completions");
    expect(chats.length).toBeGreaterThan(0);
    for (const chat of chats) {
      expect(chat.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
      expect(chat.headers.authorization).toBeUndefined();
    }
  });
});
