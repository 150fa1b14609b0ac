/**
 * The one place that touches every chat request: OpenClaw's agent path calls
 * `wrapStreamFn`, `openclaw infer` calls `wrapSimpleCompletionStreamFn`, and
 * both get this wrapper. It adds the Portkey key header on every call, retries
 * included, drops the Bearer header OpenClaw would otherwise send, and makes
 * an answer that failed part-way a failure.
 */
import type { ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";
import { resolvePortkeyApiKey } from "./api-key.ts";
import { guardFailedAnswers } from "./failed-answer-guard.ts";
import { portkeyModelIdHint } from "./model-id-hint.ts";
import { buildPortkeyChatHeaderOverrides } from "./request-headers.ts";
import type { StreamFn, StreamOptions } from "./sdk-types.ts";
import { portkeyTraceId } from "./trace-id.ts";

/**
 * OpenClaw's OpenAI transport hands these headers to the OpenAI client,
 * where a `null` value removes a default header. Its declared type only
 * allows strings, so the removal marker is typed here once.
 */
function asTransportHeaders(headers: Record<string, string | null>): StreamOptions["headers"] {
  return headers as StreamOptions["headers"];
}

export interface PortkeyStreamOptions {
  /** Send the agent and session in `x-portkey-metadata` (on unless the user turned it off). */
  attribution: boolean;
}

export function wrapPortkeyStream(ctx: ProviderWrapStreamFnContext, streamOptions: PortkeyStreamOptions = { attribution: true }): StreamFn | null {
  const inner = ctx.streamFn;
  if (!inner) return null;
  return async (model, context, options) => {
    // The infer path passes the key; the agent path resolves it below this wrapper, so ask the store.
    const apiKey = options?.apiKey?.trim() || (await resolvePortkeyApiKey({ cfg: ctx.config, agentDir: ctx.agentDir }));
    const overrides = buildPortkeyChatHeaderOverrides({
      apiKey,
      configuredHeaders: model.headers,
      traceId: portkeyTraceId(options?.sessionId),
      ...(streamOptions.attribution ? { attribution: { agentId: ctx.agentId, sessionId: options?.sessionId } } : {}),
    });
    const stream = await inner(model, context, { ...options, headers: asTransportHeaders({ ...options?.headers, ...overrides }) });
    return guardFailedAnswers(stream, () => portkeyModelIdHint(model.id, model.baseUrl));
  };
}
