/**
 * Thinking levels and prompt caching per model family, through Portkey's chat
 * completions.
 *
 * - OpenAI reasoning models (o-series, GPT-5) take `reasoning_effort`.
 *   OpenClaw's completions transport sends it itself once the model's compat
 *   says the endpoint accepts it, which it assumes false for any proxy URL;
 *   the family's compat is filled in here. `off` becomes no parameter at all
 *   (OpenClaw would send `"none"`, which o-series and GPT-5 refuse).
 * - Claude and Gemini 2.5 take `thinking: {type: "enabled", budget_tokens}`,
 *   which Portkey turns into Anthropic's `thinking` and Gemini's
 *   `thinking_config`. OpenClaw's completions transport has no such field, so
 *   the stream wrapper adds it to the payload.
 * - Claude ids get `compat.cacheControlFormat: "anthropic"`, for which
 *   OpenClaw adds Anthropic `cache_control` markers; Portkey forwards them and
 *   reports cache reads in `prompt_tokens_details.cached_tokens`.
 * A user's own compat settings on a model always win, and a model the user
 * put on another API than chat completions is left to that API's transport.
 */
import type {
  ProviderDefaultThinkingPolicyContext,
  ProviderNormalizeResolvedModelContext,
  ProviderThinkingProfile,
} from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_API } from "../catalog/model-catalog.ts";
import { findModelFamily, type ModelFamily } from "../catalog/model-families.ts";
import type { ProviderRuntimeModel } from "../gateway/sdk-types.ts";

type ThinkingLevel = ProviderThinkingProfile["levels"][number]["id"];

/** Thinking tokens per level. Anthropic's floor is 1024; the top level matches OpenClaw's own Anthropic transport. */
const THINKING_BUDGET_TOKENS: Partial<Record<ThinkingLevel, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16_384,
};
const LARGEST_THINKING_BUDGET = 32_768;
/** Room left for the answer beside the thinking budget: Anthropic wants max_tokens above budget_tokens. */
const ANSWER_TOKENS_BESIDE_THINKING = 4096;

const PLAIN_LEVELS = [{ id: "off" }] as const;
const EFFORT_LEVELS = [{ id: "off" }, { id: "low" }, { id: "medium" }, { id: "high" }] as const;
const GPT_5_EFFORT_LEVELS = [{ id: "off" }, { id: "minimal" }, { id: "low" }, { id: "medium" }, { id: "high" }] as const;
const BUDGET_LEVELS = [{ id: "off" }, { id: "low" }, { id: "medium" }, { id: "high" }] as const;

/** The levels OpenClaw offers for a model: the family's, only `off` for a known plain family, OpenClaw's own for an unknown id. */
export function portkeyThinkingProfile(ctx: ProviderDefaultThinkingPolicyContext): ProviderThinkingProfile | undefined {
  const family = findModelFamily(ctx.modelId);
  if (!family) return undefined;
  if (!family.thinking) return { levels: PLAIN_LEVELS, defaultLevel: "off" };
  if (family.thinking === "thinking-budget") return { levels: BUDGET_LEVELS };
  return { levels: family.minimalEffort ? GPT_5_EFFORT_LEVELS : EFFORT_LEVELS };
}

type ModelCompat = NonNullable<ProviderRuntimeModel["compat"]>;

function familyCompat(family: ModelFamily): Partial<ModelCompat> {
  return {
    ...(family.thinking === "reasoning-effort" ? { supportsReasoningEffort: true } : {}),
    ...(family.promptCache ? { cacheControlFormat: "anthropic" as const } : {}),
  };
}


/** The resolved model with its family's compat filled in where the user set none. */
export function normalizePortkeyModel(ctx: ProviderNormalizeResolvedModelContext): ProviderRuntimeModel | undefined {
  if (ctx.model.api !== PORTKEY_API) return undefined;
  const family = findModelFamily(ctx.modelId);
  const added = family ? familyCompat(family) : {};
  if (Object.keys(added).length === 0) return undefined;
  return { ...ctx.model, compat: { ...added, ...ctx.model.compat } };
}

/** Claude ids take Anthropic prompt caching through Portkey; other ids are left to OpenClaw's own rules. */
export function isPortkeyCacheEligible(ctx: { modelId: string }): boolean | undefined {
  return findModelFamily(ctx.modelId)?.promptCache ? true : undefined;
}

type Payload = Record<string, unknown>;

function isPayload(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withThinkingBudget(payload: Payload, level: ThinkingLevel): Payload {
  const budget = THINKING_BUDGET_TOKENS[level] ?? LARGEST_THINKING_BUDGET;
  const next: Payload = { ...payload, thinking: { type: "enabled", budget_tokens: budget } };
  const tokensField = "max_tokens" in payload && !("max_completion_tokens" in payload) ? "max_tokens" : "max_completion_tokens";
  const limit = payload[tokensField];
  if (typeof limit !== "number" || limit <= budget) next[tokensField] = budget + ANSWER_TOKENS_BESIDE_THINKING;
  // Anthropic refuses a temperature other than 1 while thinking.
  delete next.temperature;
  return next;
}

/**
 * The chat payload with the family's thinking parameters for the level the
 * run asked for; a model without reasoning gets none, whatever was asked.
 */
export function withPortkeyThinking(payload: unknown, model: { id: string; api: string }, level: ThinkingLevel | undefined): unknown {
  if (!isPayload(payload) || model.api !== PORTKEY_API) return payload;
  const family = findModelFamily(model.id);
  const thinkingOn = level !== undefined && level !== "off";
  if (family?.thinking === "thinking-budget" && thinkingOn) return withThinkingBudget(payload, level);
  if (family?.thinking === "reasoning-effort" && thinkingOn) return payload;
  if (!family || !("reasoning_effort" in payload || "thinking" in payload)) return payload;
  const { reasoning_effort: _effort, thinking: _thinking, ...rest } = payload;
  return rest;
}
