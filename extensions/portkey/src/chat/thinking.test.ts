import { describe, expect, it } from "vitest";
import type { ProviderRuntimeModel } from "../sdk-types.ts";
import { hostCatalog } from "../catalog/host-catalog.ts";
import { currentReasoningModel } from "../../test/support/openclaw-vendor-models.ts";
import { isPortkeyCacheEligible, normalizePortkeyModel, portkeyThinkingProfile, withPortkeyThinking } from "./thinking.ts";

const COMPLETIONS = "openai-completions";
const levelsOf = (modelId: string) => portkeyThinkingProfile({ provider: "portkey", modelId })?.levels.map((level) => level.id);
// Current models, from the installed OpenClaw's own catalogs.
const claude = currentReasoningModel("anthropic").row;
const gpt = currentReasoningModel("openai").row;
const gemini = currentReasoningModel("google").row;
const plainRow = hostCatalog().entries.find((entry) => entry.row.reasoning === false)?.row;

describe("portkeyThinkingProfile", () => {
  it("offers a reasoning model every effort its vendor lists, and a model without reasoning only off", () => {
    const efforts = gpt.compat?.supportedReasoningEfforts ?? [];
    expect(efforts.length).toBeGreaterThan(0);
    expect(levelsOf(`@team-openai/${gpt.id}`)).toEqual(
      expect.arrayContaining(efforts.map((effort) => (effort === "none" ? "off" : effort))),
    );
    expect(plainRow).toBeDefined();
    expect(levelsOf(`@some-team/${plainRow?.id ?? ""}`)).toEqual(["off"]);
  });

  it("offers only off for a model whose catalog row is gone, and lets the user's row decide", () => {
    expect(levelsOf("@openai-prod/gpt-4o")).toEqual(["off"]);
    expect(portkeyThinkingProfile({ provider: "portkey", modelId: `@o/${gpt.id}`, reasoning: false })?.levels).toEqual([{ id: "off" }]);
    expect(portkeyThinkingProfile({ provider: "portkey", modelId: "@openai-prod/o3", reasoning: true })).not.toEqual({
      levels: [{ id: "off" }],
      defaultLevel: "off",
    });
  });

  it("leaves a model whose vendor OpenClaw does not know to OpenClaw's own rules", () => {
    expect(portkeyThinkingProfile({ provider: "portkey", modelId: "@groq/llama-3.3-70b" })).toBeUndefined();
  });
});

describe("withPortkeyThinking", () => {
  const payload = { model: "m", messages: [], temperature: 0.2, max_completion_tokens: 4000 };
  const model = (id: string, extra: Partial<ProviderRuntimeModel> = {}) => ({
    id,
    api: COMPLETIONS,
    reasoning: true,
    maxTokens: 128_000,
    ...extra,
  });

  it("gives Claude and Gemini a thinking budget with room for the answer, and no temperature", () => {
    expect(withPortkeyThinking(payload, model(`@anthropic-prod/${claude.id}`), "medium")).toEqual({
      model: "m",
      messages: [],
      max_completion_tokens: 8192 + 4096,
      thinking: { type: "enabled", budget_tokens: 8192 },
    });
    expect(withPortkeyThinking({ ...payload, max_completion_tokens: 64_000 }, model(`@g/${gemini.id}`), "low")).toMatchObject({
      max_completion_tokens: 64_000,
      thinking: { budget_tokens: 2048 },
    });
    expect(withPortkeyThinking(payload, model(`@a/${claude.id}`), "max")).toMatchObject({ thinking: { budget_tokens: 65_536 } });
  });

  it("keeps the budget below the model's output limit, and leaves adaptive thinking to the model", () => {
    expect(withPortkeyThinking(payload, model(`@a/${claude.id}`, { maxTokens: 20_000 }), "max")).toMatchObject({
      thinking: { budget_tokens: 20_000 - 4096 },
      max_completion_tokens: 20_000,
    });
    expect(withPortkeyThinking({ ...payload, thinking: { type: "enabled" } }, model(`@g/${gemini.id}`), "adaptive")).toEqual(payload);
  });

  it("leaves OpenAI's reasoning_effort to OpenClaw's transport, and sends none with thinking off where the model has no `none`", () => {
    expect(withPortkeyThinking({ ...payload, reasoning_effort: "xhigh" }, model(`@o/${gpt.id}`), "xhigh")).toMatchObject({
      reasoning_effort: "xhigh",
    });
    const acceptsNone = gpt.compat?.supportedReasoningEfforts?.includes("none") ?? false;
    const off = withPortkeyThinking({ ...payload, reasoning_effort: "none" }, model(`@o/${gpt.id}`), "off");
    expect(off).toEqual(acceptsNone ? { ...payload, reasoning_effort: "none" } : payload);
    // A model OpenClaw knows only by its vendor: no `none` either.
    expect(withPortkeyThinking({ ...payload, reasoning_effort: "none" }, model("@openai-prod/o3"), "off")).toEqual(payload);
  });

  it("sends no thinking to a model without reasoning, and leaves unknown vendors and other APIs alone", () => {
    expect(
      withPortkeyThinking({ ...payload, thinking: { type: "enabled" } }, model(`@a/${claude.id}`, { reasoning: false }), "high"),
    ).toEqual(payload);
    expect(withPortkeyThinking({ ...payload, reasoning_effort: "high" }, model("@groq/llama-3.3-70b"), "off")).toMatchObject({
      reasoning_effort: "high",
    });
    expect(withPortkeyThinking(payload, { ...model(claude.id), api: "anthropic-messages" }, "high")).toBe(payload);
  });
});

describe("normalizePortkeyModel and isPortkeyCacheEligible", () => {
  const model = (id: string, compat?: ProviderRuntimeModel["compat"]): ProviderRuntimeModel => ({
    id,
    name: id,
    provider: "portkey",
    api: "openai-completions",
    baseUrl: "https://api.portkey.ai/v1",
    reasoning: true,
    input: ["text"],
    contextWindow: 1,
    maxTokens: 1,
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    ...(compat ? { compat } : {}),
  });
  const normalized = (id: string, compat?: ProviderRuntimeModel["compat"]) =>
    normalizePortkeyModel({ provider: "portkey", modelId: id, model: model(id, compat) });

  it("fills in the vendor's compat and thinking map, and keeps what the user set", () => {
    expect(normalized(`@o/${gpt.id}`)?.compat).toMatchObject({
      supportsReasoningEffort: true,
      supportedReasoningEfforts: gpt.compat?.supportedReasoningEfforts,
    });
    expect(normalized(`@o/${gpt.id}`)?.thinkingLevelMap).toEqual(gpt.thinkingLevelMap);
    expect(normalized(`@anthropic-prod/${claude.id}`)?.compat).toMatchObject({ cacheControlFormat: "anthropic" });
    expect(normalized(`@anthropic-prod/${claude.id}`)?.compat).not.toHaveProperty("supportsReasoningEffort");
    expect(normalized("@openai-prod/o3", { supportsReasoningEffort: false })?.compat).toEqual({ supportsReasoningEffort: false });
    expect(normalized("@groq/llama-3.3-70b")).toBeUndefined();
  });

  it("lets Anthropic's models use the prompt cache, in every id form, and leaves other ids to OpenClaw", () => {
    expect(isPortkeyCacheEligible({ modelId: `us.anthropic.${claude.id}-20261001-v1:0` })).toBe(true);
    expect(isPortkeyCacheEligible({ modelId: "@anthropic-prod/claude-sonnet-4-5" })).toBe(true);
    expect(isPortkeyCacheEligible({ modelId: `@openai-prod/${gpt.id}` })).toBeUndefined();
  });
});
