/**
 * What Portkey's chat completions does with each vendor's models: the one
 * hand-written part of the catalog, because it is Portkey's behaviour, not a
 * fact OpenClaw's catalogs can hold. Keyed by the API OpenClaw itself uses for
 * the vendor, so it covers every model of that vendor, current and future.
 *
 * - Anthropic (`anthropic-messages`) and Google (`google-generative-ai`) take
 *   thinking as `thinking: {type: "enabled", budget_tokens}`, which Portkey
 *   turns into Anthropic's `thinking` and Gemini's `thinking_config`.
 * - Every other vendor takes OpenAI's `reasoning_effort`. OpenClaw's
 *   completions transport sends it itself, mapped through the row's
 *   `thinkingLevelMap` and `supportedReasoningEfforts`, once compat says the
 *   endpoint accepts it (it assumes not for a proxy URL such as Portkey's).
 * - Anthropic models take prompt caching through `cache_control` markers,
 *   which Portkey forwards; cache reads come back in
 *   `prompt_tokens_details.cached_tokens`.
 */
import type { ProviderRuntimeModel } from "../sdk-types.ts";
import type { ModelOrigin } from "./native-model.ts";

export type ThinkingWire = "reasoning-effort" | "thinking-budget";
export type ModelCompat = NonNullable<ProviderRuntimeModel["compat"]>;

const THINKING_BUDGET_APIS: ReadonlySet<string> = new Set(["anthropic-messages", "google-generative-ai"]);
const ANTHROPIC_CACHE_APIS: ReadonlySet<string> = new Set(["anthropic-messages"]);

export function thinkingWireOf(origin: Pick<ModelOrigin, "api">): ThinkingWire {
  return origin.api !== undefined && THINKING_BUDGET_APIS.has(origin.api) ? "thinking-budget" : "reasoning-effort";
}

export function takesAnthropicCache(origin: Pick<ModelOrigin, "api">): boolean {
  return origin.api !== undefined && ANTHROPIC_CACHE_APIS.has(origin.api);
}

/** The compat a model of this vendor has through Portkey: the row's facts about the model, plus how Portkey takes thinking and caching. */
export function portkeyCompat(origin: ModelOrigin): Partial<ModelCompat> {
  return {
    ...origin.row?.compat,
    ...(thinkingWireOf(origin) === "reasoning-effort" ? { supportsReasoningEffort: true } : {}),
    ...(takesAnthropicCache(origin) ? { cacheControlFormat: "anthropic" as const } : {}),
  };
}
