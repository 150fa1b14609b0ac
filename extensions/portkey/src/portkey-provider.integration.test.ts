import { fileURLToPath } from "node:url";
import type { OpenClawConfig, ProviderCatalogContext, ProviderCatalogResult } from "openclaw/plugin-sdk/plugin-entry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unreachableGatewayUrl } from "../test/harness/closed-port.ts";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../test/harness/fake-portkey-cloud.ts";
import { useIsolatedOpenClawState } from "../test/support/isolated-openclaw-state.ts";
import { buildPortkeyChatProvider } from "./portkey-provider.ts";
import { createModelListCache } from "./catalog/model-catalog-cache.ts";
import { portkeyModelDefinition, portkeyStaticProviderConfig } from "./catalog/model-catalog.ts";
import { currentReasoningModel } from "../test/support/openclaw-vendor-models.ts";

const API_KEY = "pk-test-catalog-0123456789";
/** The one the isolated state puts in PORTKEY_API_KEY: the catalog's last resort. */
const ENV_KEY = "pk-test-catalog-env-0123456789";
/** OpenClaw maps PORTKEY_API_KEY to `portkey` through the plugin's manifest, so the config lets it discover the plugin. */
const EXTENSION_DIR = fileURLToPath(new URL("..", import.meta.url));
const CLAUDE = currentReasoningModel("anthropic").row;
const MODELS = ["@openai-prod/gpt-4o", `@anthropic-prod/${CLAUDE.id}`, "@openai-prod/gpt-image-1", "@groq/llama-3.3-70b"];

let cloud: FakePortkeyCloud;
useIsolatedOpenClawState({ portkeyApiKey: ENV_KEY });

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: API_KEY, models: MODELS });
});

afterAll(async () => {
  await cloud.close();
});

function notUsed(): never {
  throw new Error("not used");
}

function portkeyConfig(baseUrl: string, headers: Record<string, string> = {}): OpenClawConfig {
  return { models: { providers: { portkey: { baseUrl, api: "openai-completions", headers, models: [] } } } };
}

/** What OpenClaw hands `catalog.run`: `apiKey` is a redacted marker, `discoveryApiKey` the secret. */
function catalogContext(config: OpenClawConfig, discoveryApiKey: string | null = API_KEY): ProviderCatalogContext {
  return {
    config,
    env: {},
    resolveProviderApiKey: () => (discoveryApiKey === null ? { apiKey: undefined } : { apiKey: "PORTKEY_API_KEY", discoveryApiKey }),
    resolveProviderAuth: notUsed,
  };
}

/** What the catalog logged in the current test. */
let logged: string[] = [];
const recordingLogger = { info: notUsed, error: notUsed, warn: (message: string) => void logged.push(message) };

async function runCatalog(ctx: ProviderCatalogContext): Promise<ProviderCatalogResult> {
  logged = [];
  const run = buildPortkeyChatProvider({ modelListCache: createModelListCache(), logger: recordingLogger }).catalog?.run;
  if (!run) throw new Error("the Portkey provider has no catalog");
  return run(ctx);
}

function providerOf(result: ProviderCatalogResult) {
  if (!result || !("provider" in result)) throw new Error("the catalog returned no single provider");
  return result.provider;
}

function modelIds(result: ProviderCatalogResult): string[] {
  return providerOf(result).models.map((model) => model.id);
}

const STATIC_IDS = portkeyStaticProviderConfig().models.map((model) => model.id);
const staticProvider = (baseUrl: string) => portkeyStaticProviderConfig(baseUrl);

describe("the Portkey catalog (`openclaw models list --refresh`)", () => {
  it("lists the gateway's chat models with their vendors' figures, asked with the key and the configured headers", async () => {
    const result = await runCatalog(catalogContext(portkeyConfig(cloud.baseUrl, { "x-portkey-config": "pc-team-1" })));
    expect(logged).toEqual([]);

    expect(providerOf(result)).toMatchObject({ baseUrl: cloud.baseUrl, api: "openai-completions" });
    expect(modelIds(result)).toEqual(["@openai-prod/gpt-4o", `@anthropic-prod/${CLAUDE.id}`, "@groq/llama-3.3-70b"]);
    const claude = providerOf(result).models.find((model) => model.id === `@anthropic-prod/${CLAUDE.id}`);
    expect(claude).toEqual(portkeyModelDefinition(`@anthropic-prod/${CLAUDE.id}`));
    expect(claude).toMatchObject({
      reasoning: true,
      contextWindow: CLAUDE.contextWindow,
      maxTokens: CLAUDE.maxTokens,
      cost: { input: CLAUDE.cost?.input, output: CLAUDE.cost?.output },
    });
    expect(result).toHaveProperty("outcomes", [{ provider: "portkey", status: "ready" }]);

    const listing = cloud.requests.at(-1);
    expect(`${listing?.method} ${listing?.path}`).toBe("GET /v1/models");
    expect(listing?.headers["x-portkey-api-key"]).toBe(API_KEY);
    expect(listing?.headers["x-portkey-config"]).toBe("pc-team-1");
    expect(JSON.stringify(result)).not.toContain(API_KEY);
  });

  it("falls back to PORTKEY_API_KEY when OpenClaw resolved no key for discovery", async () => {
    const config = { ...portkeyConfig(cloud.baseUrl), plugins: { load: { paths: [EXTENSION_DIR] } } };
    const before = cloud.requests.length;
    await runCatalog(catalogContext(config, null));
    expect(cloud.requests.slice(before).map((request) => request.headers["x-portkey-api-key"])).toEqual([ENV_KEY]);
  });

  it("returns the static catalog without asking when there is no key at all", async () => {
    const config = { ...portkeyConfig(cloud.baseUrl), plugins: { load: { paths: [EXTENSION_DIR] } } };
    const before = cloud.requests.length;
    delete process.env.PORTKEY_API_KEY;
    try {
      const result = await runCatalog(catalogContext(config, null));
      expect(modelIds(result)).toEqual(STATIC_IDS);
      expect(result).toHaveProperty("outcomes", [{ provider: "portkey", status: "unavailable" }]);
    } finally {
      process.env.PORTKEY_API_KEY = ENV_KEY;
    }
    expect(cloud.requests.length).toBe(before);
  });

  it("returns the static catalog when the gateway answers 500", async () => {
    cloud.failNext(500, { status: "failure", message: "upstream down" });
    const result = await runCatalog(catalogContext(portkeyConfig(cloud.baseUrl)));
    expect(providerOf(result)).toEqual(staticProvider(cloud.baseUrl));
    expect(result).toHaveProperty("outcomes", [{ provider: "portkey", status: "unavailable" }]);
    expect(logged).toEqual([
      "Portkey model listing failed, so the static catalog is shown: Portkey model listing failed: Portkey returned HTTP 500: upstream down.",
    ]);
  });

  it("reports a refused key as a catalog-only rejection and keeps the static catalog", async () => {
    const result = await runCatalog(catalogContext(portkeyConfig(cloud.baseUrl), "pk-wrong-key-0000"));
    expect(modelIds(result)).toEqual(STATIC_IDS);
    expect(result).toHaveProperty("outcomes", [{ provider: "portkey", status: "auth-rejected", rejectionScope: "catalog" }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/HTTP 401/);
    expect(logged[0]).not.toContain("pk-wrong-key-0000");
  });

  it("returns the static catalog when the gateway cannot be reached", async () => {
    const gatewayUrl = await unreachableGatewayUrl();
    const result = await runCatalog(catalogContext(portkeyConfig(gatewayUrl)));
    expect(providerOf(result)).toEqual(staticProvider(gatewayUrl));
    expect(result).toHaveProperty("outcomes", [{ provider: "portkey", status: "unavailable" }]);
  });

  it("does not throw on a base URL it cannot use", async () => {
    const result = await runCatalog(catalogContext(portkeyConfig("ftp://gateway.example")));
    expect(modelIds(result)).toEqual(STATIC_IDS);
    expect(result).toHaveProperty("outcomes", [{ provider: "portkey", status: "unavailable" }]);
  });

  it("asks the gateway once for repeated refreshes in one process", async () => {
    const provider = buildPortkeyChatProvider({ modelListCache: createModelListCache() });
    const ctx = catalogContext(portkeyConfig(cloud.baseUrl));
    const before = cloud.requests.length;
    const results = await Promise.all([provider.catalog?.run(ctx), provider.catalog?.run(ctx)]);
    await provider.catalog?.run(ctx);
    expect(cloud.requests.length - before).toBe(1);
    for (const result of results) expect(modelIds(result)).toContain("@openai-prod/gpt-4o");
  });
});

describe("the unknown-model hint", () => {
  const hint = buildPortkeyChatProvider().buildUnknownModelHint;
  function hintFor(modelId: string, where: { baseUrl?: string; config?: OpenClawConfig } = {}): string | null | undefined {
    if (!hint) throw new Error("the Portkey provider has no unknown-model hint");
    return hint({ provider: "portkey", modelId, env: {}, ...where });
  }

  it("explains Portkey cloud's model names when the id has no integration slug", () => {
    const expected =
      'Portkey cloud names models "@<integration-slug>/<model>", e.g. portkey/@openai/gpt-4o. ' +
      "List yours with: openclaw models list --provider portkey --refresh";
    expect(hintFor("gpt-4o", { baseUrl: "https://api.portkey.ai/v1" })).toBe(expected);
    expect(hintFor("claude-sonnet-4-5")).toBe(expected);
    expect(hintFor("gpt-4o", { config: portkeyConfig("https://api.portkey.ai/v1") })).toBe(expected);
  });

  it("says nothing for an id with a slug, or for another gateway", () => {
    expect(hintFor("@openai-prod/gpt-4o", { baseUrl: "https://api.portkey.ai/v1" })).toBeUndefined();
    expect(hintFor("gpt-4o", { baseUrl: "http://127.0.0.1:8787/v1" })).toBeUndefined();
    expect(hintFor("gpt-4o", { config: portkeyConfig("https://gateway.example/v1") })).toBeUndefined();
  });
});

describe("attribution setting", () => {
  type WrapContext = Parameters<NonNullable<ReturnType<typeof buildPortkeyChatProvider>["wrapStreamFn"]>>[0];
  type InnerStream = NonNullable<WrapContext["streamFn"]>;

  async function headersSentWith(
    attribution: boolean,
    hook: "wrapStreamFn" | "wrapSimpleCompletionStreamFn" = "wrapStreamFn",
  ): Promise<Record<string, string> | undefined> {
    let sent: Record<string, string> | undefined;
    const inner: InnerStream = (_model, _context, options) => {
      sent = options?.headers;
      return { async *[Symbol.asyncIterator]() {}, result: async () => notUsed() };
    };
    const provider = buildPortkeyChatProvider({ settings: { attribution } });
    const wrapped = provider[hook]?.({ provider: "portkey", modelId: "@openai-prod/gpt-4o", agentId: "main", streamFn: inner });
    if (!wrapped) throw new Error("the provider did not wrap the stream");
    const model = {
      id: "@openai-prod/gpt-4o",
      name: "GPT-4o",
      api: "openai-completions",
      provider: "portkey",
      baseUrl: cloud.baseUrl,
      reasoning: false,
      input: ["text" as const],
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      contextWindow: 128_000,
      maxTokens: 8_192,
    };
    await wrapped(model, { messages: [] }, { apiKey: API_KEY, sessionId: "s-1" });
    return sent;
  }

  it("sends the surface, agent and session in x-portkey-metadata unless the user turned attribution off", async () => {
    const metadata = (headers: Record<string, string> | undefined) => JSON.parse(headers?.["x-portkey-metadata"] ?? "{}");
    expect(metadata(await headersSentWith(true))).toEqual({
      openclaw_surface: "agent",
      openclaw_agent_id: "main",
      openclaw_session_id: "s-1",
    });
    expect(metadata(await headersSentWith(true, "wrapSimpleCompletionStreamFn"))).toMatchObject({ openclaw_surface: "infer" });
    expect(await headersSentWith(false)).not.toHaveProperty("x-portkey-metadata");
  });
});
