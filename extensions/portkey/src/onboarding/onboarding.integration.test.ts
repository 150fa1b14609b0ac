import type { ProviderAuthContext, ProviderAuthMethodNonInteractiveContext } from "openclaw/plugin-sdk/plugin-entry";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unreachableGatewayUrl } from "../../test/harness/closed-port.ts";
import { useIsolatedOpenClawState } from "../../test/support/isolated-openclaw-state.ts";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../../test/harness/fake-portkey-cloud.ts";
import { fallbackDefaultModelId } from "../catalog/chat-models.ts";
import { createPortkeyAuthMethods } from "./auth-methods.ts";

type Prompter = ProviderAuthContext["prompter"];
type TextParams = Parameters<Prompter["text"]>[0];
type Runtime = ProviderAuthContext["runtime"];
type AuthMethod = ReturnType<typeof createPortkeyAuthMethods>[number];
type NonInteractiveRun = NonNullable<AuthMethod["runNonInteractive"]>;

const API_KEY = "pk-test-onboarding-0123456789";

let cloud: FakePortkeyCloud;
// Onboarding must write nothing itself; an empty state folder keeps the real home out of reach anyway.
useIsolatedOpenClawState();

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: API_KEY });
});

afterAll(async () => {
  await cloud.close();
});

function notUsed(): never {
  throw new Error("not used");
}

/** A wizard prompter that answers `text` prompts from a script and records what it was shown. */
function scriptedPrompter(
  textAnswers: string[],
  selectAnswers: string[] = [],
): { prompter: Prompter; textPrompts: TextParams[]; notes: string[] } {
  const textPrompts: TextParams[] = [];
  const notes: string[] = [];
  const prompter: Prompter = {
    intro: async () => {},
    outro: async () => {},
    note: async (message) => {
      notes.push(message);
    },
    select: async <T>(params: Parameters<Prompter["select"]>[0]): Promise<T> => {
      const answer = params.options.find((option) => option.value === selectAnswers[0]);
      if (!answer) throw new Error(`unexpected select prompt: ${params.message}`);
      selectAnswers.shift();
      return answer.value as T;
    },
    multiselect: async (params) => {
      throw new Error(`unexpected multiselect prompt: ${params.message}`);
    },
    text: async (params) => {
      textPrompts.push(params);
      const answer = textAnswers.shift();
      if (answer === undefined) throw new Error(`unexpected text prompt: ${params.message}`);
      return answer;
    },
    confirm: async (params) => {
      throw new Error(`unexpected confirm prompt: ${params.message}`);
    },
    progress: () => ({ update: () => {}, stop: () => {} }),
  };
  return { prompter, textPrompts, notes };
}

function recordingRuntime(): { runtime: Runtime; errors: unknown[]; exits: number[]; logs: unknown[] } {
  const errors: unknown[] = [];
  const exits: number[] = [];
  const logs: unknown[] = [];
  const runtime: Runtime = {
    log: (...args) => {
      logs.push(...args);
    },
    error: (...args) => {
      errors.push(...args);
    },
    exit: (code) => {
      exits.push(code);
    },
  };
  return { runtime, errors, exits, logs };
}

function interactiveContext(prompter: Prompter, apiKey: string): ProviderAuthContext {
  return {
    config: {},
    env: {},
    prompter,
    runtime: recordingRuntime().runtime,
    opts: { portkeyApiKey: apiKey },
    secretInputMode: "plaintext",
    isRemote: false,
    openUrl: async () => notUsed(),
    oauth: { createVpsAwareHandlers: notUsed },
  };
}

function authMethod(index: number): AuthMethod {
  const found = createPortkeyAuthMethods()[index];
  if (!found) throw new Error(`Portkey registers no auth method #${index}`);
  return found;
}
const method = authMethod(0);

describe("interactive Portkey onboarding", () => {
  it("asks for the gateway, checks the key there and returns the profile and config to save", async () => {
    const { prompter, textPrompts } = scriptedPrompter([cloud.baseUrl]);
    const requestsBefore = cloud.requests.length;

    const result = await method.run(interactiveContext(prompter, API_KEY));

    expect(textPrompts).toHaveLength(1);
    expect(textPrompts[0]?.message).toMatch(/Portkey gateway URL/);
    expect(textPrompts[0]?.initialValue).toBe("https://api.portkey.ai/v1");
    const check = cloud.requests.slice(requestsBefore);
    expect(check.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /v1/models"]);
    expect(check[0]?.headers["x-portkey-api-key"]).toBe(API_KEY);

    // The key is bound to the gateway it was checked against.
    const credential = {
      type: "api_key",
      provider: "portkey",
      key: API_KEY,
      metadata: { portkeyGatewayOrigin: new URL(cloud.baseUrl).origin },
    };
    expect(result.profiles).toEqual([{ profileId: "portkey:default", credential }]);
    expect(result.configPatch?.models?.providers?.portkey?.baseUrl).toBe(cloud.baseUrl);
    const patch = JSON.stringify(result.configPatch);
    expect(patch).not.toMatch(/apiKey/);
    expect(patch).not.toContain(API_KEY);
    // The gateway listed @openai-prod/gpt-4o first among its chat models: that becomes the primary model.
    expect(result.defaultModel).toBe("portkey/@openai-prod/gpt-4o");
    expect(result.configPatch?.agents?.defaults?.model).toEqual({ primary: "portkey/@openai-prod/gpt-4o" });
    // No model rows are saved: their figures come from OpenClaw's catalogs at run time.
    expect(result.configPatch?.models?.providers?.portkey?.models).toEqual([]);
  });

  it("stops when the gateway refuses the key", async () => {
    const { prompter } = scriptedPrompter([cloud.baseUrl]);
    await expect(method.run(interactiveContext(prompter, "pk-wrong-key-0000"))).rejects.toThrow(/HTTP 401/);
  });

  it("warns and goes on when the gateway cannot be reached", async () => {
    const gatewayUrl = await unreachableGatewayUrl();
    const { prompter, notes } = scriptedPrompter([gatewayUrl]);
    const result = await method.run(interactiveContext(prompter, API_KEY));
    expect(notes).toEqual([expect.stringMatching(/^Could not check the Portkey gateway: .*could not reach/)]);
    expect(result.configPatch?.models?.providers?.portkey?.baseUrl).toBe(gatewayUrl);
    // Nothing was listed: OpenAI's current model behind Portkey's default slug is proposed.
    expect(result.defaultModel).toBe(`portkey/${fallbackDefaultModelId()}`);
    expect(result.configPatch?.models?.providers?.portkey?.models).toEqual([]);
  });
});

describe("the self-hosted wizard's vendor key", () => {
  const selfHosted = authMethod(1);
  const VENDOR_KEY = "sk-vendor-wizard-5e1f";
  // Route by provider: gateway URL, provider, vendor URL (empty), then the vendor key.
  const routeAnswers = () => [cloud.baseUrl, "openai", ""];

  it("is kept in the plugin's owner-only secret file, and openclaw.json refers to it", async () => {
    const { prompter, notes } = scriptedPrompter([...routeAnswers(), VENDOR_KEY], ["provider"]);
    const result = await selfHosted.run(interactiveContext(prompter, API_KEY));
    const headers = result.configPatch?.models?.providers?.portkey?.headers;
    expect(headers?.authorization).toEqual({ source: "file", provider: "portkey", id: "/authorization" });
    const filePath = join(process.env.OPENCLAW_STATE_DIR ?? "", "credentials", "portkey-headers.json");
    expect(result.configPatch?.secrets?.providers?.portkey).toEqual({ source: "file", path: filePath, mode: "json" });
    expect(JSON.stringify(result.configPatch)).not.toContain(VENDOR_KEY);
    expect(JSON.parse(await readFile(filePath, "utf8"))).toMatchObject({ authorization: `Bearer ${VENDOR_KEY}` });
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    expect(notes.at(-1)).toMatch(/Kept the secret headers authorization out of openclaw.json/);
    // The gateway check already carried the vendor key.
    expect(cloud.requests.at(-1)?.headers.authorization).toBe(`Bearer ${VENDOR_KEY}`);
  });

  it("is refused, with nothing written, when secrets.providers.portkey already holds something else", async () => {
    const { prompter } = scriptedPrompter([...routeAnswers(), VENDOR_KEY], ["provider"]);
    const config = { secrets: { providers: { portkey: { source: "env" as const } } } };
    const filePath = join(process.env.OPENCLAW_STATE_DIR ?? "", "credentials", "portkey-headers.json");
    const before = await readFile(filePath, "utf8").catch(() => undefined);
    await expect(selfHosted.run({ ...interactiveContext(prompter, API_KEY), config })).rejects.toThrow(
      /secrets\.providers\.portkey is already configured for other secrets/,
    );
    expect(await readFile(filePath, "utf8").catch(() => undefined)).toBe(before);
  });

  it("is a secret reference the user names in ref mode, checked before it is written", async () => {
    // The Portkey key is a reference too: OpenClaw's own prompt asks for its source and variable.
    const { prompter } = scriptedPrompter([...routeAnswers(), "PORTKEY_WIZARD_VENDOR_KEY", "PORTKEY_API_KEY"], ["provider", "env", "env"]);
    const ctx = {
      ...interactiveContext(prompter, API_KEY),
      opts: {},
      secretInputMode: "ref" as const,
      env: { PORTKEY_WIZARD_VENDOR_KEY: VENDOR_KEY, PORTKEY_API_KEY: API_KEY },
    };
    const result = await selfHosted.run(ctx);
    expect(result.profiles[0]?.credential).toMatchObject({ keyRef: { source: "env", id: "PORTKEY_API_KEY" } });
    expect(result.configPatch?.models?.providers?.portkey?.headers?.authorization).toEqual({
      source: "env",
      provider: "default",
      id: "PORTKEY_WIZARD_VENDOR_KEY",
    });
    expect(result.configPatch?.secrets).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain(VENDOR_KEY);
    expect(cloud.requests.at(-1)?.headers.authorization).toBe(VENDOR_KEY);
  });
});

describe("non-interactive Portkey onboarding", () => {
  function nonInteractive(): NonInteractiveRun {
    if (!method.runNonInteractive) throw new Error("the Portkey auth method has no non-interactive run");
    return method.runNonInteractive;
  }

  function nonInteractiveContext(
    opts: ProviderAuthMethodNonInteractiveContext["opts"],
    resolvedKey: string,
  ): { ctx: ProviderAuthMethodNonInteractiveContext; resolveCalls: unknown[]; errors: unknown[]; exits: number[] } {
    const { runtime, errors, exits } = recordingRuntime();
    const resolveCalls: unknown[] = [];
    const ctx: ProviderAuthMethodNonInteractiveContext = {
      authChoice: "portkey-api-key",
      config: {},
      baseConfig: {},
      opts,
      runtime,
      resolveApiKey: async (params) => {
        resolveCalls.push(params);
        return { key: resolvedKey, source: "flag" };
      },
      toApiKeyCredential: notUsed,
    };
    return { ctx, resolveCalls, errors, exits };
  }

  it("refuses a base URL that is not http(s) before looking for a key", async () => {
    const { ctx, resolveCalls, errors, exits } = nonInteractiveContext({ customBaseUrl: "ftp://gw" }, API_KEY);
    expect(await nonInteractive()(ctx)).toBeNull();
    expect(errors).toEqual([expect.stringMatching(/must use http:\/\/ or https:\/\//)]);
    expect(exits).toEqual([1]);
    expect(resolveCalls).toEqual([]);
  });

  it("saves nothing when the gateway refuses the key", async () => {
    const { ctx, errors, exits } = nonInteractiveContext(
      { customBaseUrl: cloud.baseUrl, portkeyApiKey: "pk-wrong-key-0000" },
      "pk-wrong-key-0000",
    );
    expect(await nonInteractive()(ctx)).toBeNull();
    expect(errors).toEqual([expect.stringMatching(/^Portkey onboarding stopped, nothing was saved\. .*HTTP 401/)]);
    expect(exits).toEqual([1]);
  });

  it("puts the secret file back as it was when storing the key fails after it was written", async () => {
    const filePath = join(process.env.OPENCLAW_STATE_DIR ?? "", "credentials", "portkey-headers.json");
    await mkdir(dirname(filePath), { recursive: true });
    const before = `${JSON.stringify({ "x-portkey-config": '{"provider":"openai","api_key":"sk-kept-1"}' }, null, 2)}\n`;
    await writeFile(filePath, before, { mode: 0o600 });
    const config = JSON.stringify({ provider: "openai", api_key: "sk-new-vendor-2" });
    const refusedStore = nonInteractiveContext({ customBaseUrl: cloud.baseUrl, portkeyApiKey: API_KEY, portkeyConfig: config }, API_KEY);
    const failingStore = nonInteractiveContext({ customBaseUrl: cloud.baseUrl, portkeyApiKey: API_KEY, portkeyConfig: config }, API_KEY);
    // OpenClaw's credential store declines the key, or fails while writing it.
    expect(await nonInteractive()({ ...refusedStore.ctx, toApiKeyCredential: () => null })).toBeNull();
    expect(await readFile(filePath, "utf8")).toBe(before);
    await expect(nonInteractive()(failingStore.ctx)).rejects.toThrow("not used");
    expect(JSON.parse(await readFile(filePath, "utf8"))).toEqual(JSON.parse(before));
  });
});
