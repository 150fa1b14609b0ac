/**
 * Embeddings through Portkey: `POST {baseUrl}/embeddings` in OpenAI's shape,
 * with the same key, configured headers, Config, trace id and metadata as
 * chat, through the plugin's one HTTP client. Inputs go in bounded batches
 * and the answer is checked: one vector per input, in input order.
 */
import { z } from "zod";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import { parseJsonAnswer, postToPortkey, preparePortkeyCall } from "../gateway/transport/portkey-call.ts";
import { describeFirstIssue } from "../gateway/config/zod-issues.ts";
import { portkeyEmbeddingModel } from "./embedding-defaults.ts";
import { type EmbeddingProviderAdapter, type EmbeddingProviderCreateOptions } from "../sdk-types.ts";

type Embedder = NonNullable<Awaited<ReturnType<EmbeddingProviderAdapter["create"]>>["provider"]>;
type EmbeddingInput = Parameters<Embedder["embed"]>[0];

/** Inputs per request: well under OpenAI's 2,048, so one slow batch does not hold a large index. */
const MAX_INPUTS_PER_REQUEST = 64;
/** What OpenAI's embedding models take per input. */
const MAX_INPUT_TOKENS = 8191;
const EMBEDDING_TIMEOUT_MS = 60_000;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const embeddingsResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()).min(1) })),
});

export class InvalidEmbeddingResponseError extends Error {
  override name = "InvalidEmbeddingResponseError";
}

function textOf(input: EmbeddingInput): string {
  return typeof input === "string" ? input : input.text;
}

/**
 * The vectors of one answer in input order, or an error saying what is wrong
 * with it: every input's index exactly once, and one vector length for the
 * whole batch (the requested dimensions when the caller asked for some), so a
 * gateway's mixed-up answer never lands in a memory index.
 */
export function embeddingVectorsOf(body: Buffer, expected: number, dimensions?: number): number[][] {
  const parsed = parseJsonAnswer(body, () => new InvalidEmbeddingResponseError("Portkey's embeddings answer is not JSON."));
  const result = embeddingsResponseSchema.safeParse(parsed);
  if (!result.success)
    throw new InvalidEmbeddingResponseError(`Portkey's embeddings answer is ${describeFirstIssue(result.error, "the answer")}.`);
  const entries = result.data.data;
  if (entries.length !== expected)
    throw new InvalidEmbeddingResponseError(`Portkey returned ${entries.length} embeddings for ${expected} inputs.`);
  // As many entries as inputs, each index below that count and none twice: every slot is filled.
  const vectors: number[][] = [];
  for (const { index, embedding } of entries) {
    if (index >= expected) throw new InvalidEmbeddingResponseError(`Portkey returned an embedding for input ${index} of ${expected}.`);
    if (vectors[index]) throw new InvalidEmbeddingResponseError(`Portkey returned two embeddings for input ${index}.`);
    vectors[index] = embedding;
  }
  const length = dimensions ?? vectors[0]?.length;
  const odd = vectors.find((vector) => vector.length !== length);
  if (odd)
    throw new InvalidEmbeddingResponseError(
      `Portkey returned embeddings of ${odd.length} and ${length} dimensions in one answer${dimensions ? ` (${dimensions} were asked for)` : ""}.`,
    );
  return vectors;
}

export function createPortkeyEmbedder(options: EmbeddingProviderCreateOptions, pluginSettings: PortkeyPluginSettings): Embedder {
  const model = portkeyEmbeddingModel(options);

  async function embedMany(texts: string[], signal: AbortSignal | undefined): Promise<number[][]> {
    if (texts.length === 0) return [];
    const call = await preparePortkeyCall({
      cfg: options.config,
      agentDir: options.agentDir,
      surface: "embedding",
      attribution: pluginSettings.attribution,
    });
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += MAX_INPUTS_PER_REQUEST) {
      const batch = texts.slice(start, start + MAX_INPUTS_PER_REQUEST);
      const response = await postToPortkey(call, {
        action: "Portkey embeddings",
        path: "/embeddings",
        body: { model, input: batch, ...(options.dimensions ? { dimensions: options.dimensions } : {}) },
        timeoutMs: EMBEDDING_TIMEOUT_MS,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        signal,
      });
      vectors.push(...embeddingVectorsOf(response.body, batch.length, options.dimensions));
    }
    return vectors;
  }

  return {
    id: "portkey",
    model,
    ...(options.dimensions ? { dimensions: options.dimensions } : {}),
    maxInputTokens: MAX_INPUT_TOKENS,
    embed: async (input, callOptions) => (await embedMany([textOf(input)], callOptions?.signal))[0] ?? [],
    embedBatch: (inputs, callOptions) => embedMany(inputs.map(textOf), callOptions?.signal),
  };
}
