import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { describe, expect, it } from "vitest";
import { withDefaultPrimary, withPortkeyProvider, type PortkeyConfigInputs } from "./config-merge.ts";
import { fallbackDefaultModelId } from "../catalog/chat-models.ts";
import { currentReasoningModel } from "../../test/support/openclaw-vendor-models.ts";

/** What onboarding writes: the provider, then the default primary model from the gateway's list. */
function mergePortkeyConfig(cfg: OpenClawConfig, inputs: PortkeyConfigInputs = {}): OpenClawConfig {
  return withDefaultPrimary(withPortkeyProvider(cfg, inputs), inputs.discoveredModelIds);
}

const PORTKEY_DEFAULT_MODEL_REF = `portkey/${fallbackDefaultModelId()}`;

const userModel = {
  id: "@openai-prod/gpt-4.1",
  name: "My GPT-4.1",
  reasoning: false,
  input: ["text" as const],
  contextWindow: 1_000_000,
  maxTokens: 32_768,
  cost: { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 },
};

const seeded: OpenClawConfig = {
  models: {
    providers: {
      portkey: {
        baseUrl: "http://127.0.0.1:8787/v1",
        api: "openai-completions",
        headers: { "x-portkey-provider": "openai", "x-portkey-config": "pc-team-1" },
        models: [userModel, { ...userModel, id: "@openai/gpt-4o", name: "Tuned GPT-4o", contextWindow: 64_000 }],
      },
      anthropic: { baseUrl: "https://api.anthropic.com", models: [] },
    },
  },
  agents: {
    defaults: {
      model: { primary: "anthropic/claude-opus-4-6", fallbacks: ["portkey/@openai-prod/gpt-4.1"] },
      workspace: "/srv/agent",
    },
  },
};

describe("mergePortkeyConfig", () => {
  it("writes the cloud provider and a default model into an empty config, and no model rows", () => {
    const merged = mergePortkeyConfig({});
    expect(merged.models?.providers?.portkey).toEqual({ baseUrl: "https://api.portkey.ai/v1", api: "openai-completions", models: [] });
    expect(PORTKEY_DEFAULT_MODEL_REF).toBe(`portkey/@openai/${currentReasoningModel("openai").row.id}`);
    expect(merged.agents?.defaults?.model).toEqual({ primary: PORTKEY_DEFAULT_MODEL_REF });
    expect(merged.agents?.defaults?.models).toEqual({ [PORTKEY_DEFAULT_MODEL_REF]: {} });
  });

  it("keeps the user's base URL, headers, models, other providers and agent settings", () => {
    const merged = mergePortkeyConfig(seeded);
    const portkey = merged.models?.providers?.portkey;
    expect(portkey?.baseUrl).toBe("http://127.0.0.1:8787/v1");
    expect(portkey?.headers).toEqual({ "x-portkey-provider": "openai", "x-portkey-config": "pc-team-1" });
    expect(portkey?.models).toEqual(seeded.models?.providers?.portkey?.models);
    expect(merged.models?.providers?.anthropic).toEqual(seeded.models?.providers?.anthropic);
    expect(merged.agents).toEqual(seeded.agents);
  });

  it("changes nothing when run a second time", () => {
    const once = mergePortkeyConfig(seeded);
    expect(mergePortkeyConfig(once)).toEqual(once);
    const fresh = mergePortkeyConfig({});
    expect(mergePortkeyConfig(fresh)).toEqual(fresh);
  });

  it("lets a base URL given in this run replace the stored one", () => {
    const merged = mergePortkeyConfig(seeded, { baseUrl: "https://gateway.example/v1" });
    expect(merged.models?.providers?.portkey?.baseUrl).toBe("https://gateway.example/v1");
    expect(merged.models?.providers?.portkey?.headers).toEqual(seeded.models?.providers?.portkey?.headers);
  });

  it("sets headers asked for in this run, replacing same-named ones in any case and keeping the rest", () => {
    const merged = mergePortkeyConfig(seeded, { headers: { "X-Portkey-Config": "pc-new", "x-portkey-trace-id": "run-1" } });
    expect(merged.models?.providers?.portkey?.headers).toEqual({
      "x-portkey-provider": "openai",
      "X-Portkey-Config": "pc-new",
      "x-portkey-trace-id": "run-1",
    });
    expect(mergePortkeyConfig({}, { headers: {} }).models?.providers?.portkey).not.toHaveProperty("headers");
  });

  it("sets the primary model beside existing fallbacks when none was chosen", () => {
    const merged = mergePortkeyConfig({ agents: { defaults: { model: { fallbacks: ["openai/gpt-5"] } } } });
    expect(merged.agents?.defaults?.model).toEqual({ fallbacks: ["openai/gpt-5"], primary: PORTKEY_DEFAULT_MODEL_REF });
  });

  it("lets chat reach a gateway on a private network named in this run, and never undoes the user's choice", () => {
    const onOfficeNetwork = mergePortkeyConfig({}, { baseUrl: "http://10.0.0.5:8787/v1" });
    expect(onOfficeNetwork.models?.providers?.portkey?.request).toEqual({ allowPrivateNetwork: true });
    expect(mergePortkeyConfig({}, { baseUrl: "http://127.0.0.1:8787/v1" }).models?.providers?.portkey).not.toHaveProperty("request");
    const refused = mergePortkeyConfig(
      { models: { providers: { portkey: { baseUrl: "http://10.0.0.5:8787/v1", models: [], request: { allowPrivateNetwork: false } } } } },
      { baseUrl: "http://10.0.0.5:8787/v1" },
    );
    expect(refused.models?.providers?.portkey?.request).toEqual({ allowPrivateNetwork: false });
  });

  it("does not mutate its input", () => {
    const before = structuredClone(seeded);
    mergePortkeyConfig(seeded, { baseUrl: "https://gateway.example/v1" });
    expect(seeded).toEqual(before);
  });

  describe("with the models the gateway listed", () => {
    const claude = `@anthropic-prod/${currentReasoningModel("anthropic").row.id}`;
    const discovered = ["@openai-prod/gpt-image-1", "@openai-prod/gpt-4o", claude, "@openai-prod/gpt-4.1"];

    it("makes the current model OpenClaw's catalog knows the primary one when the user has none", () => {
      const merged = mergePortkeyConfig({}, { discoveredModelIds: discovered });
      expect(merged.agents?.defaults?.model).toEqual({ primary: `portkey/${claude}` });
      expect(merged.agents?.defaults?.models).toEqual({ [`portkey/${claude}`]: {} });
      expect(merged.models?.providers?.portkey?.models).toEqual([]);
    });

    it("takes the first listed chat model when OpenClaw's catalog knows none of them", () => {
      const merged = mergePortkeyConfig(
        {},
        { discoveredModelIds: ["@team/image-maker-images", "@team/house-model-7", "@team/house-model-8"] },
      );
      expect(merged.agents?.defaults?.model).toEqual({ primary: "portkey/@team/house-model-7" });
    });

    it("keeps the static default when the gateway listed no chat model", () => {
      for (const ids of [[], ["@openai-prod/gpt-image-1", "text-embedding-3-small"]]) {
        const merged = mergePortkeyConfig({}, { discoveredModelIds: ids });
        expect(merged.agents?.defaults?.model).toEqual({ primary: PORTKEY_DEFAULT_MODEL_REF });
      }
    });

    it("never touches the user's own model rows, nor the user's primary model", () => {
      const merged = mergePortkeyConfig(seeded, { discoveredModelIds: ["@openai-prod/gpt-4.1", "@openai/gpt-4o", claude] });
      expect(merged.models?.providers?.portkey?.models).toEqual(seeded.models?.providers?.portkey?.models);
      expect(merged.agents).toEqual(seeded.agents);
    });

    it("changes nothing when run again with the same or no discovered models", () => {
      const once = mergePortkeyConfig({}, { discoveredModelIds: discovered });
      expect(mergePortkeyConfig(once, { discoveredModelIds: discovered })).toEqual(once);
      expect(mergePortkeyConfig(once)).toEqual(once);
    });
  });
});
