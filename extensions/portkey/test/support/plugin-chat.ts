/**
 * One chat request the way OpenClaw's agent sends it: OpenClaw's own
 * OpenAI-completions transport, wrapped by this plugin's stream wrapper, to a
 * Portkey gateway. Used by suites that need hundreds of requests, where the
 * CLI's start-up time would dominate.
 */
import { createOpenAICompletionsTransportStreamFn } from "@openclaw/ai/transports";
import { wrapPortkeyStream } from "../../src/chat/chat-stream.ts";
import { buildPortkeyModel } from "../../src/catalog/model-catalog.ts";
import type { StreamFn } from "../../src/sdk-types.ts";

type EventStream = Awaited<ReturnType<StreamFn>>;
export type AssistantMessage = Awaited<ReturnType<EventStream["result"]>>;

export interface PluginChatResult {
  message: AssistantMessage;
  text: string;
  /** Event types in arrival order, for checking that streaming happened. */
  eventTypes: string[];
  elapsedMs: number;
}

export async function chatThroughPlugin(params: {
  baseUrl: string;
  apiKey: string;
  headers: Record<string, string>;
  modelId?: string;
  prompt?: string;
  sessionId?: string;
}): Promise<PluginChatResult> {
  const wrapped = wrapPortkeyStream({
    provider: "portkey",
    modelId: params.modelId ?? "gpt-4o-mini",
    streamFn: createOpenAICompletionsTransportStreamFn(),
  });
  if (!wrapped) throw new Error("the plugin did not wrap the stream");
  const model = { ...buildPortkeyModel({ modelId: params.modelId ?? "gpt-4o-mini", baseUrl: params.baseUrl }), headers: params.headers };
  const started = Date.now();
  const stream = await wrapped(
    model,
    { messages: [{ role: "user", content: params.prompt ?? "ping", timestamp: Date.now() }] },
    { apiKey: params.apiKey, ...(params.sessionId ? { sessionId: params.sessionId } : {}) },
  );
  const eventTypes: string[] = [];
  for await (const event of stream) eventTypes.push(event.type);
  const message = await stream.result();
  const text = message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  return { message, text, eventTypes, elapsedMs: Date.now() - started };
}
