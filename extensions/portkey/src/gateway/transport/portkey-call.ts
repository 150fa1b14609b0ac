/**
 * What every call the plugin itself makes to Portkey starts from (images,
 * embeddings, transcription, speech, the doctor): the configured gateway, the
 * key OpenClaw has for Portkey, the headers built from both, and the secrets
 * an error must never show. Chat is the exception: it rides OpenClaw's own
 * transport (chat/chat-stream.ts).
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import type { AuthProfileStore } from "openclaw/plugin-sdk/provider-auth";
import { resolvePortkeyApiKey } from "../secrets/api-key.ts";
import { attributionFor, type AttributionContext, type PortkeySurface } from "./attribution.ts";
import { sendPortkeyRequest, type PortkeyRequest, type PortkeyResponse } from "./http-client.ts";
import { readPortkeySettings, type PortkeySettings } from "../config/provider-settings.ts";
import { buildPortkeyHeaders, requestSecrets } from "./request-headers.ts";
import { portkeyTraceId } from "./trace-id.ts";

export interface PortkeyCall {
  settings: PortkeySettings;
  apiKey: string;
  headers: Record<string, string>;
  secrets: string[];
}

export async function preparePortkeyCall(params: {
  cfg: OpenClawConfig | undefined;
  agentDir?: string | undefined;
  store?: AuthProfileStore | undefined;
  surface: PortkeySurface;
  /** The plugin's attribution setting (plugins.entries.portkey.config). */
  attribution: boolean;
}): Promise<PortkeyCall> {
  const settings = readPortkeySettings(params.cfg);
  const apiKey = await resolvePortkeyApiKey({ cfg: params.cfg, agentDir: params.agentDir, store: params.store, baseUrl: settings.baseUrl });
  return portkeyCallWith(settings, apiKey, attributionFor(params.attribution, params.surface));
}

/** The same, for a caller that already read the settings and found the key (the doctor checks each step). */
export async function portkeyCallWith(
  settings: PortkeySettings,
  apiKey: string,
  attribution: AttributionContext | undefined,
): Promise<PortkeyCall> {
  // Calls of their own have no agent or session; attribution names the surface beside the user's own keys.
  const headers = await buildPortkeyHeaders({ apiKey, configuredHeaders: settings.headers, traceId: portkeyTraceId(), attribution });
  return { settings, apiKey, headers, secrets: requestSecrets(apiKey, settings.headers) };
}

type CallRequest = Pick<PortkeyRequest, "action" | "timeoutMs" | "maxResponseBytes" | "signal" | "ssrfPolicy"> & { path: string };

/** A GET below the gateway's base URL. */
export function getFromPortkey(call: PortkeyCall, request: CallRequest): Promise<PortkeyResponse> {
  return sendPortkeyRequest({
    action: request.action,
    url: `${call.settings.baseUrl}${request.path}`,
    method: "GET",
    headers: call.headers,
    timeoutMs: request.timeoutMs,
    maxResponseBytes: request.maxResponseBytes,
    signal: request.signal,
    secrets: call.secrets,
    gateway: call.settings,
  });
}

/** A POST below the gateway's base URL: a JSON body, or a form (which sets its own content type). */
export function postToPortkey(call: PortkeyCall, request: CallRequest & { body: object | FormData }): Promise<PortkeyResponse> {
  const isForm = request.body instanceof FormData;
  return sendPortkeyRequest({
    action: request.action,
    url: `${call.settings.baseUrl}${request.path}`,
    method: "POST",
    headers: isForm ? call.headers : { ...call.headers, "content-type": "application/json" },
    body: request.body instanceof FormData ? request.body : JSON.stringify(request.body),
    timeoutMs: request.timeoutMs,
    maxResponseBytes: request.maxResponseBytes,
    signal: request.signal,
    secrets: call.secrets,
    gateway: call.settings,
    ssrfPolicy: request.ssrfPolicy,
  });
}

/** The JSON of an answer, or `invalid` (the caller's error) when it is not JSON. */
export function parseJsonAnswer(body: Buffer, invalid: () => Error): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw invalid();
  }
}
