/**
 * The embedding provider `portkey`, for `openclaw infer embedding create` and
 * memory search: what OpenClaw reads at registration. The requests live in
 * embeddings.ts, loaded on first use.
 */
import type { OpenClawPluginApi } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_PROVIDER_ID } from "../gateway/defaults.ts";
import { withoutPortkeyPrefix } from "../gateway/model-ref.ts";
import type { PortkeyPluginSettings } from "../gateway/plugin-settings.ts";

export type EmbeddingProviderAdapter = Parameters<OpenClawPluginApi["registerEmbeddingProvider"]>[0];
export type EmbeddingProviderCreateOptions = Parameters<EmbeddingProviderAdapter["create"]>[0];

/** Portkey cloud's Model Catalog id of OpenAI's small embedding model; a self-hosted gateway takes `text-embedding-3-small`. */
export const PORTKEY_DEFAULT_EMBEDDING_MODEL_ID = "@openai/text-embedding-3-small";

/** The model without OpenClaw's `portkey/` prefix, or the default; configuration only, no network. */
export function portkeyEmbeddingModel(options: Pick<EmbeddingProviderCreateOptions, "model">): string {
  return withoutPortkeyPrefix(options.model) || PORTKEY_DEFAULT_EMBEDDING_MODEL_ID;
}

export function buildPortkeyEmbeddingProvider(settings: PortkeyPluginSettings): EmbeddingProviderAdapter {
  return {
    id: PORTKEY_PROVIDER_ID,
    defaultModel: PORTKEY_DEFAULT_EMBEDDING_MODEL_ID,
    transport: "remote",
    authProviderId: PORTKEY_PROVIDER_ID,
    normalizeModel: portkeyEmbeddingModel,
    create: async (options) => ({ provider: (await import("./embeddings.ts")).createPortkeyEmbedder(options, settings) }),
  };
}
