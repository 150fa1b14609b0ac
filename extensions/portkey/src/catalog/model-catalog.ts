/**
 * The rows OpenClaw gets for Portkey models. A Portkey id whose model OpenClaw's
 * own vendor catalogs know (native-model.ts) gets that vendor's row: context
 * window and the default window OpenClaw uses, output limit, image input,
 * reasoning, thinking-level map, prices with cache and tiered prices, and the
 * compat facts that hold through Portkey's chat completions (thinking.ts).
 * Any other id runs too, with conservative figures and no price, which
 * `openclaw portkey doctor` points out. Nothing here is a table of models:
 * a newer OpenClaw brings newer rows.
 */
import { PORTKEY_CLOUD_BASE_URL, PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import type { ModelDefinitionConfig, ModelProviderConfig, ProviderRuntimeModel } from "../sdk-types.ts";
import { fallbackDefaultModelId, isChatModelId } from "./chat-models.ts";
import { hostCatalog, type HostCatalog, type HostModelRow } from "./host-catalog.ts";
import { modelOriginOf } from "./native-model.ts";
import { portkeyCompat } from "./portkey-compat.ts";

export const PORTKEY_API = "openai-completions";

/** What an id OpenClaw does not know gets: safe on every current chat model, and free so no cost is invented. */
export const UNKNOWN_MODEL_LIMITS = { contextWindow: 128_000, maxTokens: 8_192 } as const;

type ModelInput = ProviderRuntimeModel["input"][number];
type ModelCost = ModelDefinitionConfig["cost"];

function isModelInput(kind: string): kind is ModelInput {
  return kind === "text" || kind === "image";
}

function costOf(row: HostModelRow): ModelCost {
  const cost = row.cost;
  if (!cost) return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  const tiers = cost.tieredPricing?.map((tier) => ({ ...tier, cacheRead: tier.cacheRead ?? 0, cacheWrite: tier.cacheWrite ?? 0 }));
  return {
    input: cost.input,
    output: cost.output,
    cacheRead: cost.cacheRead ?? 0,
    cacheWrite: cost.cacheWrite ?? 0,
    ...(tiers?.length ? { tieredPricing: tiers } : {}),
  };
}

/** The integration slug of a Portkey id (`@anthropic-prod`), so two integrations' copies of a model stay apart in pickers. */
function slugOf(modelId: string): string | undefined {
  return /^(@[^/]+)\//.exec(modelId)?.[1];
}

/** The figures of a model OpenClaw knows, as its vendor declares them. */
function nativeFigures(row: HostModelRow): Omit<ModelDefinitionConfig, "id" | "name" | "compat"> {
  const input = (row.input ?? ["text"]).filter(isModelInput);
  const windowOptions =
    row.contextWindows && row.contextWindowDefault
      ? { contextWindows: row.contextWindows, contextWindowDefault: row.contextWindowDefault }
      : {};
  return {
    reasoning: row.reasoning ?? false,
    input: input.length ? input : ["text"],
    contextWindow: row.contextWindow ?? UNKNOWN_MODEL_LIMITS.contextWindow,
    ...(row.contextTokens ? { contextTokens: row.contextTokens } : {}),
    ...windowOptions,
    maxTokens: row.maxTokens ?? UNKNOWN_MODEL_LIMITS.maxTokens,
    cost: costOf(row),
    ...(row.thinkingLevelMap ? { thinkingLevelMap: row.thinkingLevelMap } : {}),
    ...(row.mediaInput ? { mediaInput: row.mediaInput } : {}),
  };
}

const UNKNOWN_FIGURES: Omit<ModelDefinitionConfig, "id" | "name" | "compat"> = {
  reasoning: false,
  input: ["text"],
  ...UNKNOWN_MODEL_LIMITS,
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
};

/** A model definition for every Portkey id: its vendor's row where OpenClaw has one, safe defaults otherwise. */
export function portkeyModelDefinition(modelId: string, catalog: HostCatalog = hostCatalog()): ModelDefinitionConfig {
  const origin = modelOriginOf(modelId, catalog);
  const row = origin?.row;
  const compat = origin ? portkeyCompat(origin) : {};
  return {
    id: modelId,
    name: row ? `${row.name ?? row.id} (${slugOf(modelId) ?? "Portkey"})` : modelId,
    ...(row ? nativeFigures(row) : UNKNOWN_FIGURES),
    ...(Object.keys(compat).length ? { compat } : {}),
  };
}

/** Whether OpenClaw's catalogs know the model's limits and prices (the doctor names the ones they do not). */
export function isKnownModel(modelId: string, catalog: HostCatalog = hostCatalog()): boolean {
  return modelOriginOf(modelId, catalog)?.row !== undefined;
}

/** Keeps pickers usable when a gateway lists thousands of models. */
export const MAX_DISCOVERED_MODELS = 200;

/**
 * The chat models among the ids a gateway listed, in its order: ids that are
 * not chat models (images, embeddings, audio…) and repeats are left out, and
 * at most MAX_DISCOVERED_MODELS are kept.
 */
export function discoveredChatModelIds(discoveredIds: readonly string[]): string[] {
  return [...new Set(discoveredIds.filter(isChatModelId))].slice(0, MAX_DISCOVERED_MODELS);
}

/** The provider block OpenClaw needs in `models.providers.portkey`, with a row for each listed chat model. */
export function buildPortkeyProviderConfig(
  baseUrl: string = PORTKEY_CLOUD_BASE_URL,
  discoveredIds: readonly string[] = [],
): ModelProviderConfig {
  return { baseUrl, api: PORTKEY_API, models: discoveredChatModelIds(discoveredIds).map((id) => portkeyModelDefinition(id)) };
}

/**
 * What OpenClaw shows before the gateway is asked: the model onboarding
 * proposes when a gateway lists none (catalog/chat-models.ts).
 */
export function portkeyStaticProviderConfig(baseUrl: string = PORTKEY_CLOUD_BASE_URL): ModelProviderConfig {
  return buildPortkeyProviderConfig(baseUrl, [fallbackDefaultModelId()]);
}

/** A runnable model for every id, so `portkey/<anything>` works without a catalog entry. */
export function buildPortkeyModel(params: { modelId: string; baseUrl: string }): ProviderRuntimeModel {
  const { name, compat, ...figures } = portkeyModelDefinition(params.modelId);
  return {
    ...figures,
    id: params.modelId,
    name: name ?? params.modelId,
    provider: PORTKEY_PROVIDER_ID,
    api: PORTKEY_API,
    baseUrl: params.baseUrl,
    input: figures.input.filter(isModelInput),
    ...(compat ? { compat } : {}),
  };
}
