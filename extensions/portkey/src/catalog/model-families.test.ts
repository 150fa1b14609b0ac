import { describe, expect, it } from "vitest";
import {
  chooseDefaultModelId,
  DEFAULT_MODEL_PREFERENCE,
  findModelFamily,
  isChatModelId,
  MODEL_FAMILIES,
  modelNameOf,
} from "./model-families.ts";

const REQUIRED_FAMILIES = [
  "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-5", "gpt-5-mini", "gpt-5-nano", "o3", "o4-mini",
  "claude-sonnet-4-5", "claude-sonnet-4", "claude-opus-4-1", "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash",
];

describe("the model family table", () => {
  it("covers every required family once, with sane limits and prices", () => {
    const names = MODEL_FAMILIES.map((entry) => entry.family);
    expect(names).toEqual(expect.arrayContaining(REQUIRED_FAMILIES));
    expect(new Set(names).size).toBe(names.length);
    for (const entry of MODEL_FAMILIES) {
      expect(entry.family, entry.family).toBe(entry.family.toLowerCase());
      expect(entry.maxTokens, entry.family).toBeLessThanOrEqual(entry.contextWindow);
      expect(entry.input, entry.family).toContain("text");
      expect(entry.cost.output, entry.family).toBeGreaterThan(entry.cost.input);
      expect(entry.cost.cacheRead, entry.family).toBeLessThan(entry.cost.input);
    }
  });

  it("carries the vendors' published figures", () => {
    expect(findModelFamily("gpt-4o")).toMatchObject({ contextWindow: 128_000, maxTokens: 16_384, reasoning: false, cost: { input: 2.5, output: 10 } });
    expect(findModelFamily("gpt-4.1")).toMatchObject({ contextWindow: 1_047_576, maxTokens: 32_768, cost: { input: 2, output: 8, cacheRead: 0.5 } });
    expect(findModelFamily("gpt-5-mini")).toMatchObject({ contextWindow: 400_000, maxTokens: 128_000, reasoning: true, cost: { input: 0.25, output: 2 } });
    expect(findModelFamily("o4-mini")).toMatchObject({ contextWindow: 200_000, maxTokens: 100_000, reasoning: true, cost: { input: 1.1, output: 4.4 } });
    expect(findModelFamily("claude-opus-4-1")).toMatchObject({ maxTokens: 32_000, cost: { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 } });
    expect(findModelFamily("claude-haiku-4-5")).toMatchObject({ contextWindow: 200_000, cost: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 } });
    expect(findModelFamily("gemini-2.5-flash")).toMatchObject({ contextWindow: 1_048_576, maxTokens: 65_536, cost: { input: 0.3, output: 2.5 } });
  });

});

describe("findModelFamily", () => {
  it.each([
    ["@openai-prod/gpt-4o", "gpt-4o"],
    ["openai/GPT-4o", "gpt-4o"],
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["@openai-prod/gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"],
    ["gpt-5-mini-2025-08-07", "gpt-5-mini"],
    ["o3-2025-04-16", "o3"],
    ["o3-mini", "o3-mini"],
    ["@anthropic-prod/claude-sonnet-4-5", "claude-sonnet-4-5"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
    ["claude-sonnet-4-20250514", "claude-sonnet-4"],
    ["@vertex/claude-opus-4-1@20250805", "claude-opus-4-1"],
    ["@bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5"],
    ["@google/models/Gemini-2.5-Pro", "gemini-2.5-pro"],
    ["gemini-2.5-flash-lite", "gemini-2.5-flash-lite"],
  ])("finds the family of %s: %s", (id, expected) => {
    expect(findModelFamily(id)?.family).toBe(expected);
  });

  it.each(["gpt-50", "gpt-4oo", "o30", "llama-3.3-70b", "@my-bedrock/llama-4-maverick", "", "@openai-prod/"])("knows no family for %j", (id) => {
    expect(findModelFamily(id)).toBeUndefined();
  });

  it("looks only at the model part of the id", () => {
    expect(modelNameOf("@gpt-4o-team/llama-3.3-70b")).toBe("llama-3.3-70b");
    expect(findModelFamily("@gpt-4o-team/llama-3.3-70b")).toBeUndefined();
  });
});

describe("isChatModelId", () => {
  it.each([
    "@openai-prod/gpt-image-1",
    "dall-e-3",
    "@openai/text-embedding-3-small",
    "@cohere/embed-english-v3.0",
    "gemini-embedding-001",
    "@google/imagen-4.0-generate-001",
    "gpt-4o-mini-tts",
    "tts-1-hd",
    "whisper-1",
    "gpt-4o-transcribe",
    "gpt-4o-audio-preview",
    "omni-moderation-latest",
    "@cohere/rerank-v3.5",
    "bge-reranker-v2-m3",
    "gpt-realtime",
  ])("is false for %s", (id) => {
    expect(isChatModelId(id)).toBe(false);
  });

  it.each(["@openai-prod/gpt-4o", "claude-sonnet-4-5", "o3", "llama-3.3-70b", "@image-team/gpt-4.1", "@my-bedrock/llama-4-maverick"])(
    "is true for %s",
    (id) => {
      expect(isChatModelId(id)).toBe(true);
    },
  );

  it("is false for an id with no model part", () => {
    expect(isChatModelId("@openai-prod/")).toBe(false);
  });
});

describe("chooseDefaultModelId", () => {
  it("takes the most preferred family present, keeping the id verbatim", () => {
    expect(
      chooseDefaultModelId(["@openai-prod/gpt-4o-mini", "@anthropic-prod/claude-sonnet-4-5", "@openai-prod/gpt-4o", "@openai-dev/gpt-4o"]),
    ).toBe("@openai-prod/gpt-4o");
    expect(chooseDefaultModelId(["@google/gemini-2.5-flash", "@anthropic-prod/claude-sonnet-4-5", "@openai/gpt-5-mini"])).toBe(
      "@anthropic-prod/claude-sonnet-4-5",
    );
  });

  it("follows the documented preference order", () => {
    const one = DEFAULT_MODEL_PREFERENCE.map((family) => `@slug/${family}`);
    for (let index = 0; index < one.length; index += 1) {
      expect(chooseDefaultModelId(one.slice(index).reverse())).toBe(one[index]);
    }
  });

  it("does not take a mini model for its bigger sibling", () => {
    expect(chooseDefaultModelId(["@openai/gpt-4o-mini-2024-07-18", "@openai/gpt-4.1-mini"])).toBe("@openai/gpt-4.1-mini");
  });

  it("falls back to the first chat model when no preferred family is listed", () => {
    expect(chooseDefaultModelId(["@openai-prod/gpt-image-1", "@groq/llama-3.3-70b", "@openai/gpt-4.1-nano"])).toBe("@groq/llama-3.3-70b");
  });

  it("is undefined without a chat model", () => {
    expect(chooseDefaultModelId([])).toBeUndefined();
    expect(chooseDefaultModelId(["@openai-prod/gpt-image-1", "text-embedding-3-large"])).toBeUndefined();
  });
});
