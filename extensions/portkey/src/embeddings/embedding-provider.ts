/**
 * The embedding provider `portkey`, for `openclaw infer embedding create` and
 * memory search: what OpenClaw reads at registration. The requests live in
 * embeddings.ts, loaded on first use.
 */
import { PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import type { EmbeddingProviderAdapter } from "../sdk-types.ts";
import { PORTKEY_DEFAULT_EMBEDDING_MODEL_ID, portkeyEmbeddingModel } from "./embedding-defaults.ts";

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
