/**
 * Which listed models are chat models, and which one onboarding proposes as
 * the primary model.
 */
import { hostCatalog, type HostCatalog, type HostModelRow } from "./host-catalog.ts";
import { modelNameOf, modelOriginOf } from "./native-model.ts";

/**
 * Words that mark a model as something other than chat (images, embeddings,
 * audio, moderation, reranking, realtime sessions). Only the model part is
 * checked, so an integration slug like `@image-team/` does not count.
 */
const NON_CHAT_MODEL =
  /(?:^|[^a-z0-9])(?:dall-e|images?|imagen|embed|embeddings?|audio|tts|whisper|transcribe|transcription|moderations?|rerank|reranker|realtime)(?:$|[^a-z])/;

export function isChatModelId(modelId: string): boolean {
  const name = modelNameOf(modelId);
  return name !== "" && !NON_CHAT_MODEL.test(name);
}

/** Listing statuses a proposed default must not have. */
const RETIRING_STATUSES: ReadonlySet<string> = new Set(["deprecated", "disabled", "preview"]);

/** Each row's position in its own provider's catalog, 0 for the first. */
function rankWithinVendor(catalog: HostCatalog): Map<HostModelRow, number> {
  const seen = new Map<string, number>();
  return new Map(
    catalog.entries.map((entry) => {
      const position = seen.get(entry.provider) ?? 0;
      seen.set(entry.provider, position + 1);
      return [entry.row, position];
    }),
  );
}

/**
 * The primary model onboarding proposes among the listed chat ids: the one
 * OpenClaw's catalog ranks first within its vendor (each vendor lists its
 * current flagship first) that reads text and images and is neither
 * deprecated nor a preview; the gateway's order breaks ties. Without such a
 * model, the first listed chat id; undefined when none is listed. Ids come
 * back verbatim, `@slug/` included.
 */
export function chooseDefaultModelId(listedIds: readonly string[], catalog: HostCatalog = hostCatalog()): string | undefined {
  const chat = listedIds.filter(isChatModelId);
  const rank = rankWithinVendor(catalog);
  const ranked = chat.flatMap((id, listed) => {
    const row = modelOriginOf(id, catalog)?.row;
    const current = row && row.input?.includes("image") && !RETIRING_STATUSES.has(row.status ?? "");
    return current ? [{ id, listed, rank: rank.get(row) ?? Number.MAX_SAFE_INTEGER }] : [];
  });
  ranked.sort((a, b) => a.rank - b.rank || a.listed - b.listed);
  return ranked[0]?.id ?? chat[0];
}

/** The vendor catalog OpenClaw lists first behind Portkey's default integration slug, for a gateway that lists nothing. */
const FALLBACK_VENDOR = "openai";
const FALLBACK_SLUG = "@openai";

/**
 * The primary model when the gateway lists none: the first current model of
 * OpenAI's catalog, as Portkey's default integration names it.
 */
export function fallbackDefaultModelId(catalog: HostCatalog = hostCatalog()): string {
  const ids = catalog.entries.filter((entry) => entry.provider === FALLBACK_VENDOR).map((entry) => `${FALLBACK_SLUG}/${entry.row.id}`);
  return chooseDefaultModelId(ids, catalog) ?? `${FALLBACK_SLUG}/gpt-4o-mini`;
}
