/**
 * The one place that touches every chat request: OpenClaw's agent path calls
 * `wrapStreamFn`, `openclaw infer` calls `wrapSimpleCompletionStreamFn`, and
 * both get this wrapper. It sends the Portkey key OpenClaw chose for the
 * request on every call, retries included, drops the Bearer header OpenClaw
 * would otherwise send, puts the family's thinking parameters in the payload
 * (thinking.ts), and makes an answer that failed part-way a failure.
 */
import type { ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_API_KEY_HEADER, PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import type { PortkeySurface } from "../gateway/transport/attribution.ts";
import { guardFailedAnswers } from "./failed-answer-guard.ts";
import { withPortkeyThinking } from "./thinking.ts";
import { portkeyModelIdHint } from "./model-id-hint.ts";
import { buildPortkeyChatHeaderOverrides, requestSecrets, type HeaderMap } from "../gateway/transport/request-headers.ts";
import type { StreamFn, StreamOptions } from "../sdk-types.ts";
import { portkeyTraceId } from "../gateway/transport/trace-id.ts";
import { headerSafeRecord } from "../gateway/transport/header-safe.ts";

/**
 * OpenClaw's OpenAI transport hands these headers to the OpenAI client,
 * where a `null` value removes a default header. Its declared type only
 * allows strings, so the removal marker is typed here once.
 */
function asTransportHeaders(headers: Record<string, string | null>): StreamOptions["headers"] {
  return headers as StreamOptions["headers"];
}

export interface PortkeyStreamOptions {
  /** Send the surface, agent and session in `x-portkey-metadata` (on unless the user turned it off). */
  attribution: boolean;
  /** `agent` for OpenClaw's agent turns (wrapStreamFn), `infer` for `openclaw infer` (wrapSimpleCompletionStreamFn). */
  surface: Extract<PortkeySurface, "agent" | "infer">;
}

function headerValue(headers: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  for (const key in headers) {
    const value = headers[key];
    if (key.toLowerCase() === name && typeof value === "string") return value;
  }
  return undefined;
}

/**
 * The key OpenClaw chose for this request: the infer path passes it as
 * `apiKey`; on the agent path `prepareRuntimeAuth` (runtime-auth.ts) put it in
 * the model's headers — a value the user typed into the config's headers is
 * not one. Undefined only after a profile rotation left the run without one.
 */
function keyChosenByOpenClaw(
  ctx: ProviderWrapStreamFnContext,
  modelHeaders: HeaderMap | undefined,
  apiKey: string | undefined,
): string | undefined {
  const passed = apiKey?.trim();
  if (passed) return passed;
  const fromRuntimeAuth = headerValue(modelHeaders, PORTKEY_API_KEY_HEADER);
  const typedIntoConfig = headerValue(ctx.config?.models?.providers?.[PORTKEY_PROVIDER_ID]?.headers, PORTKEY_API_KEY_HEADER);
  return fromRuntimeAuth && fromRuntimeAuth !== typedIntoConfig ? fromRuntimeAuth : undefined;
}

export function wrapPortkeyStream(
  ctx: ProviderWrapStreamFnContext,
  streamOptions: PortkeyStreamOptions = { attribution: true, surface: "agent" },
): StreamFn | null {
  const inner = ctx.streamFn;
  if (!inner) return null;
  return async (model, context, options) => {
    // Fallback for a retry that OpenClaw sends without a credential: the stored Portkey key.
    const apiKey =
      keyChosenByOpenClaw(ctx, model.headers, options?.apiKey) ??
      (await (
        await import("../gateway/secrets/api-key.ts")
      ).resolvePortkeyApiKey({ cfg: ctx.config, agentDir: ctx.agentDir, baseUrl: model.baseUrl }));
    const overrides = await buildPortkeyChatHeaderOverrides({
      apiKey,
      configuredHeaders: model.headers,
      traceId: portkeyTraceId({ sessionId: options?.sessionId, requestId: options?.requestId }),
      ...(streamOptions.attribution
        ? { attribution: { surface: streamOptions.surface, agentId: ctx.agentId, sessionId: options?.sessionId } }
        : {}),
    });
    const level = options?.reasoning ?? ctx.thinkingLevel;
    // OpenClaw hands the configured headers to fetch as they are; a value outside Latin-1 would fail every turn.
    const sendableHeaders = model.headers && headerSafeRecord(model.headers);
    const stream = await inner(sendableHeaders === model.headers ? model : { ...model, headers: sendableHeaders }, context, {
      ...options,
      headers: asTransportHeaders({ ...options?.headers, ...overrides }),
      onPayload: async (payload, payloadModel) => {
        const shaped = withPortkeyThinking(payload, model, level);
        return (await options?.onPayload?.(shaped, payloadModel)) ?? shaped;
      },
    });
    return guardFailedAnswers(stream, {
      hint: () => portkeyModelIdHint(model.id, model.baseUrl),
      secrets: () => requestSecrets(apiKey, model.headers),
    });
  };
}
