import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PORTKEY_CLOUD_BASE_URL } from "./defaults.ts";
import {
  buildPortkeyModel,
  buildPortkeyProviderConfig,
  PORTKEY_API,
  PORTKEY_DEFAULT_MODEL_ID,
  PORTKEY_DEFAULT_MODEL_REF,
  PORTKEY_STATIC_MODELS,
} from "./model-catalog.ts";

const manifest: unknown = JSON.parse(readFileSync(new URL("../openclaw.plugin.json", import.meta.url), "utf8"));
const CATALOG_PATH = ["modelCatalog", "providers", "portkey"];

describe("the static Portkey catalog", () => {
  it("is the one openclaw.plugin.json declares", () => {
    expect(manifest).toHaveProperty([...CATALOG_PATH, "models"], PORTKEY_STATIC_MODELS);
    expect(manifest).toHaveProperty([...CATALOG_PATH, "baseUrl"], PORTKEY_CLOUD_BASE_URL);
    expect(manifest).toHaveProperty([...CATALOG_PATH, "api"], PORTKEY_API);
  });

  it("contains the default model", () => {
    expect(PORTKEY_STATIC_MODELS.map((model) => model.id)).toContain(PORTKEY_DEFAULT_MODEL_ID);
    expect(PORTKEY_DEFAULT_MODEL_REF).toBe(`portkey/${PORTKEY_DEFAULT_MODEL_ID}`);
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
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    });
    expect(model.contextWindow).toBeGreaterThan(0);
    expect(model.maxTokens).toBeGreaterThan(0);
  });
});

describe("buildPortkeyProviderConfig", () => {
  it("defaults to Portkey cloud and takes a given base URL", () => {
    expect(buildPortkeyProviderConfig()).toEqual({ baseUrl: PORTKEY_CLOUD_BASE_URL, api: PORTKEY_API, models: PORTKEY_STATIC_MODELS });
    expect(buildPortkeyProviderConfig("http://127.0.0.1:8787/v1").baseUrl).toBe("http://127.0.0.1:8787/v1");
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
