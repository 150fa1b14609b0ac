/**
 * Thinking levels and prompt caching through Portkey's chat completions, for
 * every model whose vendor OpenClaw knows (catalog/native-model.ts).
 *
 * - Which levels a model offers is its vendor's own answer: the vendor
 *   plugin's thinking policy, read through OpenClaw's typed provider registry
 *   (`provider-catalog-runtime`). Where that plugin cannot be reached, the
 *   row's `supportedReasoningEfforts` decide, else OpenClaw's default levels.
 * - How a level is sent is Portkey's (catalog/portkey-compat.ts): OpenAI-style
 *   vendors get `reasoning_effort` from OpenClaw's own transport; Anthropic
 *   and Google get a `thinking` budget, added to the payload here, because
 *   OpenClaw's completions transport has no such field.
 * - Anthropic models get `compat.cacheControlFormat: "anthropic"`, for which
 *   OpenClaw adds Anthropic `cache_control` markers.
 * A user's own compat settings on a model always win, and a model the user
 * put on another API than chat completions is left to that API's transport.
 */
import type {
  ProviderDefaultThinkingPolicyContext,
  ProviderNormalizeResolvedModelContext,
  ProviderThinkingProfile,
} from "openclaw/plugin-sdk/plugin-entry";
import { createRequire } from "node:module";
import { PORTKEY_API } from "../catalog/model-catalog.ts";
import { modelNameOf, modelOriginOf, REMEMBERED_MODELS_LIMIT, type ModelOrigin } from "../catalog/native-model.ts";
import { portkeyCompat, takesAnthropicCache, thinkingWireOf } from "../catalog/portkey-compat.ts";
import type { ProviderRuntimeModel } from "../sdk-types.ts";

type ThinkingLevel = ProviderThinkingProfile["levels"][number]["id"];

/** Every level OpenClaw knows, weakest first, the order OpenClaw lists them in. */
const LEVEL_ORDER: readonly ThinkingLevel[] = ["off", "minimal", "low", "medium", "adaptive", "high", "xhigh", "max"];

/** Thinking tokens per level. Anthropic's floor is 1024; `high` matches OpenClaw's own Anthropic transport. */
const THINKING_BUDGET_TOKENS: Partial<Record<ThinkingLevel, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16_384,
  xhigh: 32_768,
  max: 65_536,
};
const LARGEST_THINKING_BUDGET = 65_536;
const SMALLEST_THINKING_BUDGET = 1024;
/** Room left for the answer beside the thinking budget: Anthropic wants max_tokens above budget_tokens. */
const ANSWER_TOKENS_BESIDE_THINKING = 4096;

type ProviderRegistry = typeof import("openclaw/plugin-sdk/provider-catalog-runtime");
let providerRegistry: ProviderRegistry | undefined;

/**
 * OpenClaw's typed provider registry, loaded on the first thinking question
 * rather than with the plugin: `infer` turns never ask one, and its import
 * took 0.8 s of CPU in a bare Node process (measured; inside OpenClaw much of
 * it is shared). Required synchronously because OpenClaw asks for thinking
 * profiles synchronously.
 */
function loadProviderRegistry(): ProviderRegistry {
  providerRegistry ??= createRequire(import.meta.url)("openclaw/plugin-sdk/provider-catalog-runtime") as ProviderRegistry;
  return providerRegistry;
}

const vendorProfiles = new Map<string, ProviderThinkingProfile | undefined>();

/**
 * The vendor plugin's own thinking policy for the model. First among the
 * plugins this run already loaded, then by loading the vendor plugin's setup
 * entry (a policy read only: no credential, no request). Remembered per
 * process: the answer depends only on the model and the agent runtime.
 */
function vendorThinkingProfile(origin: ModelOrigin, ctx: ProviderDefaultThinkingPolicyContext): ProviderThinkingProfile | undefined {
  const vendorModelId = origin.row?.id ?? modelNameOf(ctx.modelId);
  // The runtime matters: OpenClaw's own orchestration level (`ultra`) exists only on its own agent runtime.
  const key = `${origin.provider}/${vendorModelId}/${ctx.agentRuntime ?? ""}`;
  if (vendorProfiles.has(key)) return vendorProfiles.get(key);
  if (vendorProfiles.size >= REMEMBERED_MODELS_LIMIT) vendorProfiles.clear();
  let profile: ProviderThinkingProfile | undefined;
  for (const mode of [undefined, "setup"] as const) {
    try {
      const vendor = loadProviderRegistry()
        .resolvePluginProviders({ onlyPluginIds: [origin.pluginId], cache: true, ...(mode ? { mode } : {}) })
        .find((provider) => provider.id === origin.provider);
      if (!vendor?.resolveThinkingProfile) continue;
      profile =
        vendor.resolveThinkingProfile({
          provider: origin.provider,
          modelId: vendorModelId,
          api: origin.api ?? null,
          ...(ctx.agentRuntime !== undefined ? { agentRuntime: ctx.agentRuntime } : {}),
          ...(origin.row?.reasoning !== undefined ? { reasoning: origin.row.reasoning } : {}),
          ...(origin.row?.thinkingLevelMap ? { thinkingLevelMap: origin.row.thinkingLevelMap } : {}),
          ...(origin.row?.compat?.supportedReasoningEfforts
            ? { compat: { supportedReasoningEfforts: origin.row.compat.supportedReasoningEfforts } }
            : {}),
        }) ?? undefined;
      break;
    } catch {
      // A vendor plugin that fails to load leaves the decision to the row.
    }
  }
  vendorProfiles.set(key, profile);
  return profile;
}

/** The levels a row's own effort list allows (`none` is OpenClaw's `off`). */
function effortProfile(origin: ModelOrigin): ProviderThinkingProfile | undefined {
  const efforts = origin.row?.compat?.supportedReasoningEfforts;
  if (!efforts) return undefined;
  const levels = LEVEL_ORDER.filter((level) => efforts.includes(level === "off" ? "none" : level));
  return levels.length ? { levels: levels.map((id) => ({ id })) } : undefined;
}

const PLAIN_PROFILE: ProviderThinkingProfile = { levels: [{ id: "off" }], defaultLevel: "off" };

/**
 * The levels OpenClaw offers for a Portkey model: its vendor's; only `off`
 * for a model that does not reason (the user's row says so first, then the
 * vendor's); OpenClaw's own for a model whose vendor it does not know.
 */
export function portkeyThinkingProfile(ctx: ProviderDefaultThinkingPolicyContext): ProviderThinkingProfile | undefined {
  const origin = modelOriginOf(ctx.modelId);
  if (!origin) return undefined;
  if ((ctx.reasoning ?? origin.row?.reasoning ?? false) === false) return PLAIN_PROFILE;
  return vendorThinkingProfile(origin, ctx) ?? effortProfile(origin);
}

/** The resolved model with its vendor's compat and thinking map filled in where the user set none. */
export function normalizePortkeyModel(ctx: ProviderNormalizeResolvedModelContext): ProviderRuntimeModel | undefined {
  if (ctx.model.api !== PORTKEY_API) return undefined;
  const origin = modelOriginOf(ctx.modelId);
  if (!origin) return undefined;
  const thinkingLevelMap = ctx.model.thinkingLevelMap ?? origin.row?.thinkingLevelMap;
  return { ...ctx.model, compat: { ...portkeyCompat(origin), ...ctx.model.compat }, ...(thinkingLevelMap ? { thinkingLevelMap } : {}) };
}

/** Anthropic models take prompt caching through Portkey; other ids are left to OpenClaw's own rules. */
export function isPortkeyCacheEligible(ctx: { modelId: string }): boolean | undefined {
  const origin = modelOriginOf(ctx.modelId);
  return origin && takesAnthropicCache(origin) ? true : undefined;
}

type Payload = Record<string, unknown>;

function isPayload(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withThinkingBudget(payload: Payload, level: ThinkingLevel, outputLimit: number | undefined): Payload {
  const wanted = THINKING_BUDGET_TOKENS[level] ?? LARGEST_THINKING_BUDGET;
  const room = outputLimit === undefined ? wanted : outputLimit - ANSWER_TOKENS_BESIDE_THINKING;
  const budget = Math.max(SMALLEST_THINKING_BUDGET, Math.min(wanted, room));
  const next: Payload = { ...payload, thinking: { type: "enabled", budget_tokens: budget } };
  const tokensField = "max_tokens" in payload && !("max_completion_tokens" in payload) ? "max_tokens" : "max_completion_tokens";
  const limit = payload[tokensField];
  if (typeof limit !== "number" || limit <= budget) next[tokensField] = budget + ANSWER_TOKENS_BESIDE_THINKING;
  // Anthropic refuses a temperature other than 1 while thinking.
  delete next.temperature;
  return next;
}

function without(payload: Payload, ...fields: string[]): Payload {
  return Object.fromEntries(Object.entries(payload).filter(([field]) => !fields.includes(field)));
}

/**
 * The chat payload with the vendor's thinking parameters for the level the
 * run asked for. `adaptive` leaves the budget to the model. With thinking
 * off, a vendor whose row does not accept `none` gets no effort at all
 * (OpenClaw would send `"none"`, which older OpenAI reasoning models refuse).
 */
export function withPortkeyThinking(
  payload: unknown,
  model: Pick<ProviderRuntimeModel, "id" | "api" | "reasoning" | "maxTokens">,
  level: ThinkingLevel | undefined,
): unknown {
  if (!isPayload(payload) || model.api !== PORTKEY_API) return payload;
  const origin = modelOriginOf(model.id);
  if (!origin) return payload;
  const thinkingOn = model.reasoning && level !== undefined && level !== "off";
  if (thinkingWireOf(origin) === "thinking-budget") {
    if (thinkingOn && level !== "adaptive") return withThinkingBudget(payload, level, model.maxTokens);
    return without(payload, "thinking", "reasoning_effort");
  }
  const acceptsNone = origin.row?.compat?.supportedReasoningEfforts?.includes("none") ?? false;
  return thinkingOn || acceptsNone ? payload : without(payload, "reasoning_effort", "thinking");
}
