/** What the embedding provider's registration and its request code both read. */
import { withoutPortkeyPrefix } from "../gateway/config/model-ref.ts";
import type { EmbeddingProviderCreateOptions } from "../sdk-types.ts";

/** Portkey cloud's Model Catalog id of OpenAI's small embedding model; a self-hosted gateway takes `text-embedding-3-small`. */
export const PORTKEY_DEFAULT_EMBEDDING_MODEL_ID = "@openai/text-embedding-3-small";

/** The model without OpenClaw's `portkey/` prefix, or the default; configuration only, no network. */
export function portkeyEmbeddingModel(options: Pick<EmbeddingProviderCreateOptions, "model">): string {
  return withoutPortkeyPrefix(options.model) || PORTKEY_DEFAULT_EMBEDDING_MODEL_ID;
}
