import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PORTKEY_CLOUD_BASE_URL } from "../gateway/config/defaults.ts";
import { currentReasoningModel } from "../../test/support/openclaw-vendor-models.ts";
import { fallbackDefaultModelId } from "./chat-models.ts";
import {
  buildPortkeyModel,
  buildPortkeyProviderConfig,
  discoveredChatModelIds,
  isKnownModel,
  MAX_DISCOVERED_MODELS,
  PORTKEY_API,
  portkeyModelDefinition,
  portkeyStaticProviderConfig,
  UNKNOWN_MODEL_LIMITS,
} from "./model-catalog.ts";

const manifest: unknown = JSON.parse(readFileSync(new URL("../../openclaw.plugin.json", import.meta.url), "utf8"));
const CATALOG_PATH = ["modelCatalog", "providers", "portkey"];
const gpt = currentReasoningModel("openai").row;
const claude = currentReasoningModel("anthropic").row;

describe("the Portkey catalog in openclaw.plugin.json", () => {
  it("declares the API and no rows of its own: every figure comes from OpenClaw's catalogs at run time", () => {
    expect(manifest).toHaveProperty([...CATALOG_PATH, "models"], []);
    expect(manifest).toHaveProperty([...CATALOG_PATH, "api"], PORTKEY_API);
  });

  it("declares no base URL in the manifest, so gateways other than Portkey cloud keep their catalog", () => {
    // OpenClaw drops a plugin's catalog (and never runs its discovery) when the configured
    // base URL differs from the one the manifest declares; Portkey's URL is the user's choice.
    expect(manifest).not.toHaveProperty([...CATALOG_PATH, "baseUrl"]);
    expect(manifest).not.toHaveProperty("providerEndpoints");
  });
});

describe("portkeyModelDefinition", () => {
  it("gives a model OpenClaw knows its vendor's figures, whatever its integration slug", () => {
    const definition = portkeyModelDefinition(`@team-openai/${gpt.id}`);
    expect(definition).toMatchObject({
      id: `@team-openai/${gpt.id}`,
      name: expect.stringContaining("(@team-openai)"),
      reasoning: true,
      contextWindow: gpt.contextWindow,
      maxTokens: gpt.maxTokens,
      cost: { input: gpt.cost?.input, output: gpt.cost?.output, cacheRead: gpt.cost?.cacheRead ?? 0 },
    });
    expect(definition.contextTokens).toBe(gpt.contextTokens);
    expect(definition.cost.tieredPricing?.length).toBe(gpt.cost?.tieredPricing?.length);
    expect(definition.input).toEqual(gpt.input?.filter((kind) => kind === "text" || kind === "image"));
    expect(definition.thinkingLevelMap).toEqual(gpt.thinkingLevelMap);
    expect(definition.compat).toMatchObject({ supportsReasoningEffort: true });
    expect(isKnownModel(`@team-openai/${gpt.id}`)).toBe(true);
  });

  it("marks an Anthropic model for prompt caching and not for reasoning_effort", () => {
    const definition = portkeyModelDefinition(`@anthropic-prod/${claude.id}`);
    expect(definition.compat).toMatchObject({ cacheControlFormat: "anthropic" });
    expect(definition.compat).not.toHaveProperty("supportsReasoningEffort");
    expect(definition.cost).toMatchObject({ cacheWrite: claude.cost?.cacheWrite });
  });

  it("gives a model OpenClaw does not know conservative limits and no price", () => {
    expect(portkeyModelDefinition("@groq/llama-3.3-70b")).toEqual({
      id: "@groq/llama-3.3-70b",
      name: "@groq/llama-3.3-70b",
      reasoning: false,
      input: ["text"],
      ...UNKNOWN_MODEL_LIMITS,
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    });
    expect(isKnownModel("@groq/llama-3.3-70b")).toBe(false);
  });
});

describe("buildPortkeyModel", () => {
  it("is the definition as a runnable model on the given base URL", () => {
    const { name, compat, ...figures } = portkeyModelDefinition(`@anthropic-prod/${claude.id}`);
    expect(buildPortkeyModel({ modelId: `@anthropic-prod/${claude.id}`, baseUrl: "http://127.0.0.1:8787/v1" })).toEqual({
      ...figures,
      name,
      compat,
      provider: "portkey",
      api: PORTKEY_API,
      baseUrl: "http://127.0.0.1:8787/v1",
    });
  });
});

describe("buildPortkeyProviderConfig", () => {
  it("has a row for each listed chat model, in the gateway's order", () => {
    const config = buildPortkeyProviderConfig("http://127.0.0.1:8787/v1", [
      `@a/${claude.id}`,
      "@openai-prod/gpt-image-1",
      "@groq/llama-3.3-70b",
      `@a/${claude.id}`,
    ]);
    expect(config).toMatchObject({ baseUrl: "http://127.0.0.1:8787/v1", api: PORTKEY_API });
    expect(config.models.map((model) => model.id)).toEqual([`@a/${claude.id}`, "@groq/llama-3.3-70b"]);
  });

  it("shows the proposed default model before the gateway is asked", () => {
    expect(portkeyStaticProviderConfig()).toEqual(buildPortkeyProviderConfig(PORTKEY_CLOUD_BASE_URL, [fallbackDefaultModelId()]));
  });
});

describe("discoveredChatModelIds", () => {
  it("keeps chat ids in the gateway's order, once each", () => {
    expect(discoveredChatModelIds(["b", "@x/text-embedding-3-small", "a", "b", "@x/whisper-1"])).toEqual(["b", "a"]);
  });

  it("keeps at most MAX_DISCOVERED_MODELS", () => {
    const many = Array.from({ length: MAX_DISCOVERED_MODELS + 50 }, (_, index) => `@x/model-${index}`);
    expect(discoveredChatModelIds(many)).toHaveLength(MAX_DISCOVERED_MODELS);
  });
});
