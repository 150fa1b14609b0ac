import { describe, expect, it } from "vitest";
import { fakeExtensionsDir } from "../../test/support/fake-host-catalog.ts";
import { currentReasoningModel } from "../../test/support/openclaw-vendor-models.ts";
import { readHostCatalog } from "./host-catalog.ts";
import { modelNameOf, modelOriginOf } from "./native-model.ts";

describe("modelOriginOf on the installed OpenClaw's catalogs", () => {
  const claude = currentReasoningModel("anthropic").row.id;
  const gpt = currentReasoningModel("openai").row.id;

  it("finds the vendor's row behind a slug, provider prefix, Bedrock, Vertex or dated name", () => {
    for (const id of [
      `@anthropic-prod/${claude}`,
      `@team-x/${claude}`,
      `anthropic/${claude}`,
      `us.anthropic.${claude}-20261001-v1:0`,
      `@vertex/${claude}@20261001`,
      `@a/${claude.toUpperCase()}`,
    ]) {
      expect(modelOriginOf(id), id).toMatchObject({ provider: "anthropic", api: "anthropic-messages", row: { id: claude } });
    }
    expect(modelOriginOf(`@team-openai/${gpt}-2026-08-01`)).toMatchObject({ provider: "openai", row: { id: gpt } });
  });

  it("compares versions with dots and dashes alike", () => {
    const dotted = claude.replace(/(\d)-(\d)/g, "$1.$2");
    expect(modelOriginOf(`@a/${dotted}`)?.row?.id).toBe(claude);
  });

  it("names only the vendor for a model its catalog does not list, and nothing for an unknown vendor", () => {
    expect(modelOriginOf("@openai-prod/gpt-4o")).toEqual({ provider: "openai", pluginId: "openai", api: "openai-responses" });
    expect(modelOriginOf("@anthropic-prod/claude-sonnet-4-5")).toEqual({
      provider: "anthropic",
      pluginId: "anthropic",
      api: "anthropic-messages",
    });
    expect(modelOriginOf("@groq/llama-3.3-70b")).toBeUndefined();
    expect(modelOriginOf("@groq/")).toBeUndefined();
  });
});

describe("modelOriginOf when several catalogs list a model", () => {
  const vendorRow = { id: "acme-pro-2", reasoning: true, contextWindow: 1_000_000, maxTokens: 64_000, cost: { input: 3, output: 15 } };
  const resoldRow = { ...vendorRow, contextWindow: 128_000, cost: { input: 4, output: 16 } };
  const catalog = readHostCatalog(
    fakeExtensionsDir({
      // A reseller first, as alphabetical order would put it.
      hub: { id: "hub", modelCatalog: { providers: { hub: { api: "openai-responses", models: [resoldRow, { id: "bolt-1" }] } } } },
      acme: {
        id: "acme",
        modelSupport: { modelPrefixes: ["acme-"] },
        modelIdNormalization: { providers: { acme: { aliases: { "pro-2": "acme-pro-2" } } } },
        modelCatalog: {
          providers: {
            acme: { api: "acme-messages", models: [vendorRow] },
            "acme-cli": { models: [{ ...vendorRow, contextWindow: 200_000 }] },
          },
        },
      },
      bolt: { id: "bolt", modelCatalog: { providers: { bolt: { models: [{ id: "vendor/bolt-1", contextWindow: 64_000 }] } } } },
    }),
  );

  it("takes the vendor's own row over a reseller's and over the vendor's other routes", () => {
    expect(modelOriginOf("@team/acme-pro-2", catalog)).toMatchObject({ provider: "acme", api: "acme-messages", row: vendorRow });
  });

  it("takes the catalog the Portkey id names", () => {
    expect(modelOriginOf("@hub-team/acme-pro-2", catalog)).toMatchObject({ provider: "hub", row: resoldRow });
  });

  it("finds a row under a vendor namespace and through the vendor's short names", () => {
    expect(modelOriginOf("@x/bolt-1", catalog)?.row?.contextWindow).toBeDefined();
    expect(modelOriginOf("@team/pro-2", catalog)).toMatchObject({ provider: "acme", row: vendorRow });
  });
});

describe("modelNameOf", () => {
  it("keeps the model part of an id, lower case", () => {
    expect(modelNameOf("@openai-prod/GPT-6-Astra")).toBe("gpt-6-astra");
    expect(modelNameOf("eu.anthropic.claude-opus-5-5-v1:0")).toBe("claude-opus-5-5-v1:0");
    expect(modelNameOf("gpt-5.4")).toBe("gpt-5.4");
  });
});
