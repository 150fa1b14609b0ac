/**
 * Onboarding inputs through the real OpenClaw CLI: the environment variable,
 * a user's existing `openclaw.json`, and every input that must be refused
 * without writing anything.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closedLoopbackPort } from "../harness/closed-port.ts";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import {
  createInstalledSandbox,
  createOpenClawSandbox,
  filesContaining,
  onboardArgs,
  PORTKEY_TEST_KEY,
  seedConfig,
  type OpenClawSandbox,
} from "../harness/openclaw-cli.ts";

let cloud: FakePortkeyCloud;
/** OpenClaw with the plugin installed and nothing else; each test starts from a copy. */
let installed: OpenClawSandbox;
const sandboxes: OpenClawSandbox[] = [];

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY });
  installed = await createInstalledSandbox();
});

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.remove()));
});

afterAll(async () => {
  await cloud?.close();
  await installed?.remove();
});

async function newSandbox(): Promise<OpenClawSandbox> {
  const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
  sandboxes.push(sandbox);
  return sandbox;
}

const userConfig = () => ({
  models: {
    providers: {
      portkey: {
        baseUrl: cloud.baseUrl,
        api: "openai-completions",
        headers: { "x-portkey-config": "pc-team-routing", "x-team": "growth" },
        models: [
          {
            id: "@openai-prod/gpt-4.1",
            name: "Team GPT-4.1",
            reasoning: false,
            input: ["text"],
            contextWindow: 1_000_000,
            maxTokens: 32_768,
            cost: { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 },
          },
        ],
      },
      "local-vllm": {
        baseUrl: "http://127.0.0.1:9/v1",
        api: "openai-completions",
        models: [
          {
            id: "qwen3",
            name: "Qwen3",
            reasoning: false,
            input: ["text"],
            contextWindow: 32_768,
            maxTokens: 4_096,
            cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
          },
        ],
      },
    },
  },
  agents: {
    defaults: {
      // A primary on another provider: OpenClaw treats onboarding onto the provider the agent already
      // runs on as a credential replacement, which it stages instead of applying.
      model: { primary: "local-vllm/qwen3", fallbacks: ["portkey/@openai-prod/gpt-4.1"] },
      thinkingDefault: "low",
    },
  },
});

describe("Portkey onboarding inputs", () => {
  it("takes the key from PORTKEY_API_KEY and chats with it", async () => {
    const sandbox = await newSandbox();
    const env = { PORTKEY_API_KEY: PORTKEY_TEST_KEY };
    const onboard = await sandbox.run(onboardArgs(sandbox, ["--custom-base-url", cloud.baseUrl]), { env });
    expect(onboard.code, onboard.output).toBe(0);
    expect(await sandbox.readConfigText()).not.toContain(PORTKEY_TEST_KEY);

    // The key was stored at onboarding: chat works without the variable.
    const run = await sandbox.run([
      "infer",
      "model",
      "run",
      "--local",
      "--model",
      "portkey/@openai/gpt-4o-mini",
      "--prompt",
      "hi",
      "--json",
    ]);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain("pong from @openai/gpt-4o-mini");
    expect(cloud.requests.at(-1)?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
  });

  it("keeps the user's base URL, headers, models, other providers and agent settings, and sends the headers", async () => {
    const sandbox = await newSandbox();
    const seeded = userConfig();
    await seedConfig(sandbox, seeded);
    const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY]));
    expect(onboard.code, onboard.output).toBe(0);

    const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
    const portkey = config.models.providers.portkey;
    expect(portkey.baseUrl).toBe(seeded.models.providers.portkey.baseUrl);
    expect(portkey.headers).toEqual(seeded.models.providers.portkey.headers);
    expect(portkey.models).toEqual(seeded.models.providers.portkey.models);
    expect(config.models.providers["local-vllm"]).toEqual(seeded.models.providers["local-vllm"]);
    expect(config.agents.defaults.model).toEqual(seeded.agents.defaults.model);
    expect(config.agents.defaults.thinkingDefault).toBe("low");

    const run = await sandbox.run([
      "infer",
      "model",
      "run",
      "--local",
      "--model",
      "portkey/@openai-prod/gpt-4.1",
      "--prompt",
      "hi",
      "--json",
    ]);
    expect(run.code, run.output).toBe(0);
    const chat = cloud.requests.at(-1);
    expect(chat?.path).toBe("/v1/chat/completions");
    expect(chat?.headers["x-portkey-config"]).toBe("pc-team-routing");
    expect(chat?.headers["x-team"]).toBe("growth");
    expect(chat?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
  });

  const REJECTED_KEY = "pk-revoked-7f3e9a1b";
  it.each([
    ["a blank key", ["--portkey-api-key", "   "], /Missing --portkey-api-key/],
    ["a key Portkey rejects", ["--portkey-api-key", REJECTED_KEY], /HTTP 401: Invalid API Key/],
    [
      "a base URL that is not http(s)",
      ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", "ftp://gateway.example/v1"],
      /must use http:\/\/ or https:\/\//,
    ],
    [
      "a base URL carrying credentials",
      ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", "https://admin:hunter2-secret@gateway.example/v1"],
      /must not carry credentials/,
    ],
    [
      "a base URL that is not a URL",
      ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", "gateway at port 8787"],
      /not a valid URL/,
    ],
  ])("refuses %s, says why, and writes nothing", async (_label, flags, message) => {
    const sandbox = await newSandbox();
    const before = await seedConfig(sandbox, userConfig());
    const run = await sandbox.run(onboardArgs(sandbox, flags));
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(message);
    for (const secret of [PORTKEY_TEST_KEY, REJECTED_KEY, "hunter2-secret"]) {
      expect(run.output).not.toContain(secret);
      expect(await filesContaining(sandbox.stateDir, secret)).toEqual([]);
    }
    expect(await sandbox.readConfigText()).toBe(before);
  });

  it("warns and keeps going with the proposed default model when the gateway cannot be reached", async () => {
    const sandbox = await newSandbox();
    const unreachable = `http://127.0.0.1:${await closedLoopbackPort()}/v1`;
    const run = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", unreachable]));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("Could not check the Portkey gateway");
    expect(run.output).toContain("could not reach");
    const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
    expect(config.models.providers.portkey.baseUrl).toBe(unreachable);
    expect(config.agents.defaults.model.primary).toMatch(/^portkey\/@openai\//);
  });
});
