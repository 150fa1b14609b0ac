/**
 * What the plugin knows about well-known model families, looked up by the
 * model part of an id: Portkey cloud ids (`@openai-prod/gpt-4o`), provider
 * prefixes (`openai/gpt-4o`), dated versions (`gpt-4o-2024-08-06`) and
 * Bedrock-style names (`us.anthropic.claude-sonnet-4-5-20250929-v1:0`) all
 * find their family. Figures are the vendors' published ones (prices in USD
 * per million tokens, the base tier where a vendor has tiers).
 */

export type ModelInputKind = "text" | "image";

export interface ModelCost {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * How a reasoning family's thinking is asked for through Portkey's chat
 * completions: OpenAI's `reasoning_effort`, or the `thinking` budget Portkey
 * translates for Anthropic and Gemini.
 */
export type ThinkingControl = "reasoning-effort" | "thinking-budget";

export interface ModelFamily {
  /** The model name prefix the family covers, lower case. */
  family: string;
  /** Human-readable name, e.g. "GPT-4o mini". */
  label: string;
  contextWindow: number;
  maxTokens: number;
  input: readonly ModelInputKind[];
  reasoning: boolean;
  cost: ModelCost;
  /** Set for reasoning families. */
  thinking?: ThinkingControl | undefined;
  /** OpenAI's `minimal` effort (GPT-5). */
  minimalEffort?: boolean | undefined;
  /** Anthropic prompt caching (`cache_control` markers), which Portkey forwards. */
  promptCache?: boolean | undefined;
}

/** What an id gets when no family matches: safe on any current chat model, and free so no cost is invented. */
export const UNKNOWN_MODEL_METADATA = {
  contextWindow: 128_000,
  maxTokens: 8_192,
  input: ["text"],
  reasoning: false,
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
} as const satisfies Omit<ModelFamily, "family" | "label">;

const TEXT_IMAGE: readonly ModelInputKind[] = ["text", "image"];
const TEXT_ONLY: readonly ModelInputKind[] = ["text"];

interface FamilyTraits {
  context: number;
  output: number;
  input: readonly ModelInputKind[];
  reasoning: boolean;
  thinking?: ThinkingControl;
  minimalEffort?: boolean;
  promptCache?: boolean;
}

function family(name: string, label: string, traits: FamilyTraits, cost: ModelCost): ModelFamily {
  const { context, output, input, reasoning, thinking, minimalEffort, promptCache } = traits;
  return { family: name, label, contextWindow: context, maxTokens: output, input, reasoning, cost, thinking, minimalEffort, promptCache };
}

const GPT_4_1 = { context: 1_047_576, output: 32_768, input: TEXT_IMAGE, reasoning: false };
const GPT_5: FamilyTraits = { context: 400_000, output: 128_000, input: TEXT_IMAGE, reasoning: true, thinking: "reasoning-effort", minimalEffort: true };
const O_SERIES: FamilyTraits = { context: 200_000, output: 100_000, input: TEXT_IMAGE, reasoning: true, thinking: "reasoning-effort" };
const CLAUDE_64K: FamilyTraits = { context: 200_000, output: 64_000, input: TEXT_IMAGE, reasoning: true, thinking: "thinking-budget", promptCache: true };
const GEMINI_2_5: FamilyTraits = { context: 1_048_576, output: 65_536, input: TEXT_IMAGE, reasoning: true, thinking: "thinking-budget" };

/** OpenAI has no cache-write charge; Anthropic's is the 5-minute cache; Gemini bills cache storage by the hour, not per write. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  family("gpt-4o", "GPT-4o", { context: 128_000, output: 16_384, input: TEXT_IMAGE, reasoning: false },
    { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 0 }),
  family("gpt-4o-mini", "GPT-4o mini", { context: 128_000, output: 16_384, input: TEXT_IMAGE, reasoning: false },
    { input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite: 0 }),
  family("gpt-4.1", "GPT-4.1", GPT_4_1, { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 }),
  family("gpt-4.1-mini", "GPT-4.1 mini", GPT_4_1, { input: 0.4, output: 1.6, cacheRead: 0.1, cacheWrite: 0 }),
  family("gpt-4.1-nano", "GPT-4.1 nano", GPT_4_1, { input: 0.1, output: 0.4, cacheRead: 0.025, cacheWrite: 0 }),
  family("gpt-5", "GPT-5", GPT_5, { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 }),
  family("gpt-5-mini", "GPT-5 mini", GPT_5, { input: 0.25, output: 2, cacheRead: 0.025, cacheWrite: 0 }),
  family("gpt-5-nano", "GPT-5 nano", GPT_5, { input: 0.05, output: 0.4, cacheRead: 0.005, cacheWrite: 0 }),
  family("o3", "o3", O_SERIES, { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 }),
  // Listed so that `o3-mini` (text only) does not inherit o3's figures.
  family("o3-mini", "o3-mini", { ...O_SERIES, input: TEXT_ONLY }, { input: 1.1, output: 4.4, cacheRead: 0.55, cacheWrite: 0 }),
  family("o4-mini", "o4-mini", O_SERIES, { input: 1.1, output: 4.4, cacheRead: 0.275, cacheWrite: 0 }),
  family("claude-sonnet-4-5", "Claude Sonnet 4.5", CLAUDE_64K, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }),
  family("claude-sonnet-4", "Claude Sonnet 4", CLAUDE_64K, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }),
  family("claude-opus-4-1", "Claude Opus 4.1", { ...CLAUDE_64K, output: 32_000 }, { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 }),
  family("claude-haiku-4-5", "Claude Haiku 4.5", CLAUDE_64K, { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 }),
  family("gemini-2.5-pro", "Gemini 2.5 Pro", GEMINI_2_5, { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 }),
  family("gemini-2.5-flash", "Gemini 2.5 Flash", GEMINI_2_5, { input: 0.3, output: 2.5, cacheRead: 0.03, cacheWrite: 0 }),
  // Listed so that `gemini-2.5-flash-lite` does not inherit Flash's prices.
  family("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite", GEMINI_2_5, { input: 0.1, output: 0.4, cacheRead: 0.01, cacheWrite: 0 }),
];

/** Longest first, so `gpt-4o-mini-2024-07-18` meets gpt-4o-mini before gpt-4o. */
const FAMILIES_BY_LENGTH = [...MODEL_FAMILIES].sort((a, b) => b.family.length - a.family.length);

/**
 * The model part of an id, lower case: everything after the last `/` (drops
 * `@slug/` and `provider/` prefixes), then without Bedrock's dotted
 * region/vendor prefix (`us.anthropic.`).
 */
export function modelNameOf(modelId: string): string {
  const afterSlash = modelId.slice(modelId.lastIndexOf("/") + 1).trim().toLowerCase();
  return afterSlash.replace(/^(?:[a-z]+\.)+(?=[a-z])/, "");
}

/** A family name must end where a version or variant starts, so `gpt-5` never claims `gpt-50`. */
function startsWithFamily(name: string, familyName: string): boolean {
  if (!name.startsWith(familyName)) return false;
  const next = name.charAt(familyName.length);
  return next === "" || "-.:@_".includes(next);
}

export function findModelFamily(modelId: string): ModelFamily | undefined {
  const name = modelNameOf(modelId);
  return FAMILIES_BY_LENGTH.find((candidate) => startsWithFamily(name, candidate.family));
}

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

/**
 * Which discovered model becomes the primary one, best first: the family of
 * the static default (gpt-4o) so a catalog that has it gets the same model,
 * then other strong general chat models with tool calling at a moderate
 * price, then the smaller ones. Opus and the nano models are never picked by
 * preference (cost, capability), only as "the first chat model".
 */
export const DEFAULT_MODEL_PREFERENCE: readonly string[] = [
  "gpt-4o",
  "gpt-4.1",
  "claude-sonnet-4-5",
  "gpt-5-mini",
  "gpt-5",
  "claude-sonnet-4",
  "gemini-2.5-pro",
  "gemini-2.5-flash",
  "gpt-4.1-mini",
  "gpt-4o-mini",
  "claude-haiku-4-5",
  "o4-mini",
];

/**
 * The first discovered chat id of the most preferred family present; else the
 * first discovered chat id; else undefined (the caller keeps its static
 * default). Ids come back verbatim, `@slug/` included.
 */
export function chooseDefaultModelId(discoveredIds: readonly string[]): string | undefined {
  const chat = discoveredIds.filter(isChatModelId);
  for (const preferred of DEFAULT_MODEL_PREFERENCE) {
    const match = chat.find((id) => findModelFamily(id)?.family === preferred);
    if (match !== undefined) return match;
  }
  return chat[0];
}
