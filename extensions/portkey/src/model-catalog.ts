/**
 * The models OpenClaw knows before it talks to Portkey. Portkey cloud names
 * models `@<integration-slug>/<model>`; the slugs below are the ones Portkey's
 * Model Catalog gives an integration added with its default name. Any other
 * id the user's gateway accepts also runs, with the safe defaults of
 * `buildPortkeyModel`.
 */
import { PORTKEY_CLOUD_BASE_URL, PORTKEY_PROVIDER_ID } from "./defaults.ts";
import type { ModelDefinitionConfig, ModelProviderConfig, ProviderRuntimeModel } from "./sdk-types.ts";

export const PORTKEY_API = "openai-completions";

/** Used for ids the plugin knows nothing about: small enough to be safe on any current chat model. */
function unknownModelDefinition(modelId: string): ModelDefinitionConfig {
  return {
    id: modelId,
    name: modelId,
    reasoning: false,
    input: ["text"],
    contextWindow: 128_000,
    maxTokens: 8_192,
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  };
}

/** Prices in USD per million tokens, as the vendors publish them. */
export const PORTKEY_STATIC_MODELS: readonly ModelDefinitionConfig[] = [
  {
    id: "@openai/gpt-4o",
    name: "GPT-4o (Portkey)",
    reasoning: false,
    input: ["text", "image"],
    contextWindow: 128_000,
    maxTokens: 16_384,
    cost: { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 0 },
  },
  {
    id: "@openai/gpt-4o-mini",
    name: "GPT-4o mini (Portkey)",
    reasoning: false,
    input: ["text", "image"],
    contextWindow: 128_000,
    maxTokens: 16_384,
    cost: { input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite: 0 },
  },
  {
    id: "@anthropic/claude-sonnet-4-5",
    name: "Claude Sonnet 4.5 (Portkey)",
    reasoning: true,
    input: ["text", "image"],
    contextWindow: 200_000,
    maxTokens: 64_000,
    cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  },
];

export const PORTKEY_DEFAULT_MODEL_ID = "@openai/gpt-4o";
export const PORTKEY_DEFAULT_MODEL_REF = `${PORTKEY_PROVIDER_ID}/${PORTKEY_DEFAULT_MODEL_ID}`;

export const PORTKEY_DEFAULT_IMAGE_MODEL_ID = "@openai/gpt-image-1";

/** Fresh copies of the built-in models, safe to hand to code that edits them. */
export function copyStaticModels(): ModelDefinitionConfig[] {
  return structuredClone([...PORTKEY_STATIC_MODELS]);
}

function findStaticModel(modelId: string): ModelDefinitionConfig | undefined {
  const found = PORTKEY_STATIC_MODELS.find((model) => model.id === modelId);
  return found && structuredClone(found);
}

/** The provider block OpenClaw needs in `models.providers.portkey`. */
export function buildPortkeyProviderConfig(baseUrl: string = PORTKEY_CLOUD_BASE_URL): ModelProviderConfig {
  return { baseUrl, api: PORTKEY_API, models: copyStaticModels() };
}

/**
 * A runnable model for any id, so `portkey/<anything>` works without a
 * catalog entry: known ids keep their metadata, others get safe defaults.
 */
export function buildPortkeyModel(params: { modelId: string; baseUrl: string }): ProviderRuntimeModel {
  const definition = findStaticModel(params.modelId) ?? unknownModelDefinition(params.modelId);
  return {
    id: params.modelId,
    name: definition.name ?? params.modelId,
    provider: PORTKEY_PROVIDER_ID,
    api: PORTKEY_API,
    baseUrl: params.baseUrl,
    reasoning: definition.reasoning,
    input: definition.input.filter((kind): kind is "text" | "image" => kind === "text" || kind === "image"),
    contextWindow: definition.contextWindow,
    maxTokens: definition.maxTokens,
    cost: definition.cost,
  };
}
