/**
 * `x-portkey-metadata` for cost attribution in Portkey's dashboard: which part
 * of OpenClaw made the request (`openclaw_surface`) and, where there is one,
 * the agent and session behind it, merged with keys the user configured in
 * that header (team, environment, `_user`, …). Portkey takes string values
 * only; the header stays small, and nothing that looks like a credential is
 * ever sent.
 */

import { cutToCodePoints, headerSafeJson } from "./header-safe.ts";

/** Portkey's limit for one metadata value. */
const MAX_VALUE_CHARS = 128;
const MAX_KEYS = 16;
const SECRET_LIKE_KEY = /key|token|secret|password|passwd|authorization|credential|cookie/i;

/** The part of OpenClaw a request comes from, as a Portkey log filter sees it. */
export type PortkeySurface = "agent" | "infer" | "image" | "embedding" | "transcription" | "speech" | "catalog" | "onboarding" | "doctor";

export interface AttributionContext {
  surface: PortkeySurface;
  agentId?: string | undefined;
  sessionId?: string | undefined;
}

/** The context for a request from `surface`, or none when the user turned attribution off. */
export function attributionFor(enabled: boolean, surface: PortkeySurface): AttributionContext | undefined {
  return enabled ? { surface } : undefined;
}

/**
 * The metadata header value: OpenClaw's agent and session first, the user's
 * keys (already read from their header) over them, secret-looking keys and
 * the given secrets left out.
 */
export function buildPortkeyMetadata(params: {
  context: AttributionContext;
  configured?: Readonly<Record<string, string>> | undefined;
  secrets: readonly string[];
}): string | undefined {
  const merged: Record<string, string> = {
    openclaw_surface: params.context.surface,
    ...(params.context.agentId ? { openclaw_agent_id: params.context.agentId } : {}),
    ...(params.context.sessionId ? { openclaw_session_id: params.context.sessionId } : {}),
    ...params.configured,
  };
  const safe: [string, string][] = [];
  for (const [key, value] of Object.entries(merged)) {
    if (safe.length === MAX_KEYS) break;
    if (SECRET_LIKE_KEY.test(key) || params.secrets.some((secret) => secret && value.includes(secret))) continue;
    safe.push([cutToCodePoints(key, MAX_VALUE_CHARS), cutToCodePoints(value, MAX_VALUE_CHARS)]);
  }
  // Agent names, session ids and the user's values may hold every kind of character; escaped, they still reach Portkey as written.
  return safe.length > 0 ? headerSafeJson(Object.fromEntries(safe)) : undefined;
}
