/**
 * The models OpenClaw knows before it talks to Portkey. Portkey cloud names
 * models `@<integration-slug>/<model>`; the slugs below are the ones Portkey's
 * Model Catalog gives an integration added with its default name. The
 * models a gateway lists are added beside them, and any other id the gateway
 * accepts also runs (`buildPortkeyModel`), with its family's metadata or safe
 * defaults.
 */
import { PORTKEY_CLOUD_BASE_URL, PORTKEY_PROVIDER_ID } from "../gateway/defaults.ts";
import { findModelFamily, isChatModelId, UNKNOWN_MODEL_METADATA, type ModelFamily } from "./model-families.ts";
import type { ModelDefinitionConfig, ModelProviderConfig, ProviderRuntimeModel } from "../gateway/sdk-types.ts";

export const PORTKEY_API = "openai-completions";

/**
 * A model definition for any id: the family's figures when the id belongs to
 * a known family (see model-families.ts), the safe defaults otherwise. The
 * name says which integration the model comes through, so two catalogs'
 * GPT-4o stay apart in pickers.
 */
export function portkeyModelDefinition(modelId: string, name?: string): ModelDefinitionConfig {
  const known = findModelFamily(modelId);
  const metadata = known ?? UNKNOWN_MODEL_METADATA;
  return {
    id: modelId,
    name: name ?? displayName(modelId, known),
    reasoning: metadata.reasoning,
    input: [...metadata.input],
    contextWindow: metadata.contextWindow,
    maxTokens: metadata.maxTokens,
    cost: { ...metadata.cost },
  };
}

function displayName(modelId: string, known: ModelFamily | undefined): string {
  if (!known) return modelId;
  const slug = /^(@[^/]+)\//.exec(modelId)?.[1];
  return `${known.label} (${slug ?? "Portkey"})`;
}

/** The built-in models; their figures come from the family table, so the two cannot drift apart. */
export const PORTKEY_STATIC_MODELS: readonly ModelDefinitionConfig[] = [
  portkeyModelDefinition("@openai/gpt-4o", "GPT-4o (Portkey)"),
  portkeyModelDefinition("@openai/gpt-4o-mini", "GPT-4o mini (Portkey)"),
  portkeyModelDefinition("@anthropic/claude-sonnet-4-5", "Claude Sonnet 4.5 (Portkey)"),
];

export const PORTKEY_DEFAULT_MODEL_ID = "@openai/gpt-4o";
export const PORTKEY_DEFAULT_MODEL_REF = `${PORTKEY_PROVIDER_ID}/${PORTKEY_DEFAULT_MODEL_ID}`;

export const PORTKEY_DEFAULT_IMAGE_MODEL_ID = "@openai/gpt-image-1";

/** Fresh copies of the built-in models, safe to hand to code that edits them. */
function copyStaticModels(): ModelDefinitionConfig[] {
  return structuredClone([...PORTKEY_STATIC_MODELS]);
}

function findStaticModel(modelId: string): ModelDefinitionConfig | undefined {
  const found = PORTKEY_STATIC_MODELS.find((model) => model.id === modelId);
  return found && structuredClone(found);
}

/** Keeps `openclaw.json` and pickers usable when a gateway lists thousands of models. */
export const MAX_DISCOVERED_MODELS = 200;

/**
 * The chat models among the ids a gateway listed, in its order: ids that are
 * not chat models (images, embeddings, audio…), repeats and ids in `exclude`
 * are left out, and at most MAX_DISCOVERED_MODELS are kept.
 */
export function discoveredChatModelIds(discoveredIds: readonly string[], exclude: Iterable<string> = []): string[] {
  const seen = new Set(exclude);
  const kept: string[] = [];
  for (const id of discoveredIds) {
    if (kept.length >= MAX_DISCOVERED_MODELS) break;
    if (seen.has(id) || !isChatModelId(id)) continue;
    seen.add(id);
    kept.push(id);
  }
  return kept;
}

/** The built-in models followed by the discovered chat models they do not already have. */
export function portkeyCatalogModels(discoveredIds: readonly string[] = []): ModelDefinitionConfig[] {
  const models = copyStaticModels();
  const discovered = discoveredChatModelIds(discoveredIds, models.map((model) => model.id));
  return [...models, ...discovered.map((id) => portkeyModelDefinition(id))];
}

/** The provider block OpenClaw needs in `models.providers.portkey`. */
export function buildPortkeyProviderConfig(baseUrl: string = PORTKEY_CLOUD_BASE_URL, discoveredIds: readonly string[] = []): ModelProviderConfig {
  return { baseUrl, api: PORTKEY_API, models: portkeyCatalogModels(discoveredIds) };
}

/**
 * A runnable model for any id, so `portkey/<anything>` works without a
 * catalog entry: built-in ids keep their metadata, ids of a known family get
 * the family's, others get safe defaults.
 */
export function buildPortkeyModel(params: { modelId: string; baseUrl: string }): ProviderRuntimeModel {
  const definition = findStaticModel(params.modelId) ?? portkeyModelDefinition(params.modelId);
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
