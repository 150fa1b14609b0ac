import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PORTKEY_CLOUD_BASE_URL } from "../gateway/defaults.ts";
import {
  buildPortkeyModel,
  buildPortkeyProviderConfig,
  discoveredChatModelIds,
  MAX_DISCOVERED_MODELS,
  PORTKEY_API,
  PORTKEY_STATIC_MODELS,
} from "./model-catalog.ts";

const manifest: unknown = JSON.parse(readFileSync(new URL("../../openclaw.plugin.json", import.meta.url), "utf8"));
const CATALOG_PATH = ["modelCatalog", "providers", "portkey"];

describe("the static Portkey catalog", () => {
  it("is the one openclaw.plugin.json declares", () => {
    expect(manifest).toHaveProperty([...CATALOG_PATH, "models"], PORTKEY_STATIC_MODELS);
    expect(manifest).toHaveProperty([...CATALOG_PATH, "api"], PORTKEY_API);
  });

  it("declares no base URL in the manifest, so gateways other than Portkey cloud keep their catalog", () => {
    // OpenClaw drops a plugin's catalog (and never runs its discovery) when the configured
    // base URL differs from the one the manifest declares; Portkey's URL is the user's choice.
    expect(manifest).not.toHaveProperty([...CATALOG_PATH, "baseUrl"]);
    expect(manifest).not.toHaveProperty("providerEndpoints");
  });

});

describe("buildPortkeyModel", () => {
  it("keeps the metadata of a known model", () => {
    const model = buildPortkeyModel({ modelId: "@anthropic/claude-sonnet-4-5", baseUrl: "http://127.0.0.1:8787/v1" });
    expect(model).toEqual({
      id: "@anthropic/claude-sonnet-4-5",
      name: "Claude Sonnet 4.5 (Portkey)",
      provider: "portkey",
      api: "openai-completions",
      baseUrl: "http://127.0.0.1:8787/v1",
      reasoning: true,
      input: ["text", "image"],
      contextWindow: 200_000,
      maxTokens: 64_000,
      cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    });
  });

  it("gives a model of a known family that family's metadata, whatever its integration slug", () => {
    const model = buildPortkeyModel({ modelId: "@anthropic-prod/claude-sonnet-4-5-20250929", baseUrl: "https://api.portkey.ai/v1" });
    expect(model).toEqual({
      id: "@anthropic-prod/claude-sonnet-4-5-20250929",
      name: "Claude Sonnet 4.5 (@anthropic-prod)",
      provider: "portkey",
      api: "openai-completions",
      baseUrl: "https://api.portkey.ai/v1",
      reasoning: true,
      input: ["text", "image"],
      contextWindow: 200_000,
      maxTokens: 64_000,
      cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    });
    expect(buildPortkeyModel({ modelId: "gpt-4.1-mini", baseUrl: "http://127.0.0.1:8787/v1" })).toMatchObject({
      name: "GPT-4.1 mini (Portkey)",
      contextWindow: 1_047_576,
      maxTokens: 32_768,
      cost: { input: 0.4, output: 1.6 },
    });
  });

  it("gives an unknown model safe defaults", () => {
    const model = buildPortkeyModel({ modelId: "@my-bedrock/llama-4-maverick", baseUrl: "https://gateway.example/v1" });
    expect(model).toMatchObject({
      id: "@my-bedrock/llama-4-maverick",
      name: "@my-bedrock/llama-4-maverick",
      provider: "portkey",
      api: "openai-completions",
      baseUrl: "https://gateway.example/v1",
      reasoning: false,
      input: ["text"],
      contextWindow: 128_000,
      maxTokens: 8_192,
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    });
  });
});

describe("buildPortkeyProviderConfig", () => {
  it("defaults to Portkey cloud and takes a given base URL", () => {
    expect(buildPortkeyProviderConfig()).toEqual({ baseUrl: PORTKEY_CLOUD_BASE_URL, api: PORTKEY_API, models: PORTKEY_STATIC_MODELS });
    expect(buildPortkeyProviderConfig("http://127.0.0.1:8787/v1").baseUrl).toBe("http://127.0.0.1:8787/v1");
  });

  it("adds the discovered chat models after the built-in ones, with their family's metadata", () => {
    const config = buildPortkeyProviderConfig("https://api.portkey.ai/v1", [
      "@openai-prod/gpt-4o",
      "@openai-prod/gpt-image-1",
      "@openai/gpt-4o",
      "@groq/llama-3.3-70b",
      "@openai-prod/gpt-4o",
    ]);
    expect(config.models.slice(0, PORTKEY_STATIC_MODELS.length)).toEqual(PORTKEY_STATIC_MODELS);
    expect(config.models.slice(PORTKEY_STATIC_MODELS.length)).toEqual([
      { id: "@openai-prod/gpt-4o", name: "GPT-4o (@openai-prod)", reasoning: false, input: ["text", "image"], contextWindow: 128_000, maxTokens: 16_384,
        cost: { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 0 } },
      { id: "@groq/llama-3.3-70b", name: "@groq/llama-3.3-70b", reasoning: false, input: ["text"], contextWindow: 128_000, maxTokens: 8_192,
        cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } },
    ]);
  });

  it("returns copies that can be changed without touching the static catalog", () => {
    const before = structuredClone(PORTKEY_STATIC_MODELS);
    const config = buildPortkeyProviderConfig();
    const [first] = config.models;
    if (!first) throw new Error("the static catalog is empty");
    first.name = "changed";
    first.contextWindow = 1;
    first.input.push("audio");
    first.cost.input = 99;
    config.models.pop();
    buildPortkeyModel({ modelId: "@openai/gpt-4o-mini", baseUrl: PORTKEY_CLOUD_BASE_URL }).cost.output = 42;
    expect(PORTKEY_STATIC_MODELS).toEqual(before);
  });
});

describe("discoveredChatModelIds", () => {
  it("keeps chat ids in the gateway's order, once each, without the excluded ones", () => {
    expect(discoveredChatModelIds(["b", "@x/whisper-1", "a", "b", "c"], ["c"])).toEqual(["b", "a"]);
  });

  it("keeps at most MAX_DISCOVERED_MODELS", () => {
    const many = Array.from({ length: MAX_DISCOVERED_MODELS + 50 }, (_, index) => `@groq/model-${index}`);
    expect(discoveredChatModelIds(many)).toEqual(many.slice(0, MAX_DISCOVERED_MODELS));
  });
});
