import { describe, expect, it } from "vitest";
import type { ProviderRuntimeModel } from "../gateway/sdk-types.ts";
import { isPortkeyCacheEligible, normalizePortkeyModel, portkeyThinkingProfile, withPortkeyThinking } from "./thinking.ts";

const COMPLETIONS = "openai-completions";
const levelsOf = (modelId: string) => portkeyThinkingProfile({ provider: "portkey", modelId })?.levels.map((level) => level.id);

describe("portkeyThinkingProfile", () => {
  it("offers each family the levels its vendor takes, and a plain model only off", () => {
    expect(levelsOf("@openai-prod/gpt-5-mini")).toEqual(["off", "minimal", "low", "medium", "high"]);
    expect(levelsOf("@openai-prod/o4-mini")).toEqual(["off", "low", "medium", "high"]);
    expect(levelsOf("@anthropic-prod/claude-sonnet-4-5")).toEqual(["off", "low", "medium", "high"]);
    expect(levelsOf("@openai-prod/gpt-4o")).toEqual(["off"]);
    // An id of no known family keeps OpenClaw's own rules.
    expect(portkeyThinkingProfile({ provider: "portkey", modelId: "@groq/llama-3.3-70b" })).toBeUndefined();
  });
});

describe("withPortkeyThinking", () => {
  const payload = { model: "m", messages: [], temperature: 0.2, max_completion_tokens: 4000 };

  it("gives Claude and Gemini a thinking budget with room for the answer, and no temperature", () => {
    expect(withPortkeyThinking(payload, { id: "claude-haiku-4-5", api: COMPLETIONS }, "medium")).toEqual({
      model: "m",
      messages: [],
      max_completion_tokens: 8192 + 4096,
      thinking: { type: "enabled", budget_tokens: 8192 },
    });
    expect(withPortkeyThinking({ ...payload, max_completion_tokens: 64_000 }, { id: "gemini-2.5-pro", api: COMPLETIONS }, "low")).toMatchObject({ max_completion_tokens: 64_000, thinking: { budget_tokens: 2048 } });
  });

  it("sends no reasoning parameter when thinking is off, or to a model without reasoning", () => {
    expect(withPortkeyThinking({ ...payload, reasoning_effort: "none" }, { id: "o3", api: COMPLETIONS }, "off")).toEqual(payload);
    expect(withPortkeyThinking({ ...payload, thinking: { type: "enabled" } }, { id: "gpt-4o", api: COMPLETIONS }, "high")).toEqual(payload);
    expect(withPortkeyThinking({ ...payload, reasoning_effort: "high" }, { id: "o3", api: COMPLETIONS }, "high")).toMatchObject({ reasoning_effort: "high" });
    expect(withPortkeyThinking({ ...payload, reasoning_effort: "high" }, { id: "@groq/llama-3.3-70b", api: COMPLETIONS }, "off")).toMatchObject({ reasoning_effort: "high" });
    // A model the user put on another API is shaped by that API's transport alone.
    expect(withPortkeyThinking(payload, { id: "claude-sonnet-4-5", api: "anthropic-messages" }, "high")).toBe(payload);
  });
});

describe("normalizePortkeyModel and isPortkeyCacheEligible", () => {
  const model = (id: string, compat?: ProviderRuntimeModel["compat"]): ProviderRuntimeModel =>
    ({ id, name: id, provider: "portkey", api: "openai-completions", baseUrl: "https://api.portkey.ai/v1", reasoning: true, input: ["text"], contextWindow: 1, maxTokens: 1, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, ...(compat ? { compat } : {}) });
  const normalized = (id: string, compat?: ProviderRuntimeModel["compat"]) => normalizePortkeyModel({ provider: "portkey", modelId: id, model: model(id, compat) })?.compat;

  it("fills in the family's compat and keeps what the user set", () => {
    expect(normalized("@openai-prod/o3")).toEqual({ supportsReasoningEffort: true });
    expect(normalized("@anthropic-prod/claude-opus-4-1")).toEqual({ cacheControlFormat: "anthropic" });
    expect(normalized("@openai-prod/o3", { supportsReasoningEffort: false })).toEqual({ supportsReasoningEffort: false });
    expect(normalized("@openai-prod/gpt-4o")).toBeUndefined();
  });

  it("lets Claude ids use the prompt cache and leaves other ids to OpenClaw", () => {
    expect(isPortkeyCacheEligible({ modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" })).toBe(true);
    expect(isPortkeyCacheEligible({ modelId: "@openai-prod/gpt-4o" })).toBeUndefined();
  });
});
