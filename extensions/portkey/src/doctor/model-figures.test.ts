import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { describe, expect, it } from "vitest";
import { currentReasoningModel } from "../../test/support/openclaw-vendor-models.ts";
import { portkeyModelDefinition } from "../catalog/model-catalog.ts";
import { modelFiguresCheck, savedRowsCheck } from "./model-figures.ts";

const known = `@anthropic-prod/${currentReasoningModel("anthropic").row.id}`;
const userRow = {
  id: "@team/house-model",
  name: "House",
  reasoning: false,
  input: ["text" as const],
  contextWindow: 32_000,
  maxTokens: 4_000,
  cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
};
const config: OpenClawConfig = { models: { providers: { portkey: { baseUrl: "https://api.portkey.ai/v1", models: [userRow] } } } };

describe("the doctor's model figures line", () => {
  it("names the chat models nobody gave limits and prices, and says where to give them", () => {
    const check = modelFiguresCheck(config, known, [known, "@team/house-model", "@groq/llama-3.3-70b", "@openai/text-embedding-3-small"]);
    expect(check.ok).toBe(true);
    expect(check.detail).toMatch(
      /^1 of 3 chat models are unknown to OpenClaw's catalogs .*: @groq\/llama-3\.3-70b\. Give each its figures in models\.providers\.portkey\.models\[\]/,
    );
  });

  it("counts the rest after the first few", () => {
    const many = Array.from({ length: 12 }, (_, index) => `@x/house-${index}`);
    expect(modelFiguresCheck({}, many[0] ?? "", many).detail).toContain("@x/house-7 and 4 more.");
  });

  it("is quiet when OpenClaw's catalogs or the user's rows know every model", () => {
    expect(modelFiguresCheck(config, known, ["@team/house-model"]).detail).toBe(
      "limits and prices known for all 2 chat models (OpenClaw's catalogs, your models[] rows)",
    );
  });
});

describe("the doctor's saved model rows line", () => {
  it("names a saved row that hides OpenClaw's figures for a model it knows, and what differs", () => {
    const stale = { ...userRow, id: known, contextWindow: 128_000, maxTokens: 8_192 };
    const check = savedRowsCheck({
      models: { providers: { portkey: { baseUrl: "https://api.portkey.ai/v1", models: [stale, userRow] } } },
    });
    expect(check.ok).toBe(true);
    const native = portkeyModelDefinition(known);
    expect(check.detail).toContain(
      `1 of your models.providers.portkey.models[] rows override OpenClaw's catalog: ${known} (context 128000, not ${native.contextWindow}, output 8192, not ${native.maxTokens}`,
    );
    expect(check.detail).toContain("Delete a row to take OpenClaw's figures");
  });

  it("is quiet for rows of models OpenClaw does not know and rows that agree with it", () => {
    const agreeing = portkeyModelDefinition(known);
    expect(
      savedRowsCheck({ models: { providers: { portkey: { baseUrl: "https://api.portkey.ai/v1", models: [agreeing, userRow] } } } }).detail,
    ).toBe("none hides figures from OpenClaw's catalogs");
  });
});
