/**
 * `x-portkey-metadata` for cost attribution in Portkey's dashboard: the
 * OpenClaw agent and session behind each request, merged with keys the user
 * configured in that header (team, environment, `_user`, …). Portkey takes
 * string values only; the header stays small, and nothing that looks like a
 * credential is ever sent.
 */
import { z } from "zod";

export const PORTKEY_METADATA_HEADER = "x-portkey-metadata";

/** Portkey's limit for one metadata value. */
const MAX_VALUE_CHARS = 128;
const MAX_KEYS = 16;
const SECRET_LIKE_KEY = /key|token|secret|password|passwd|authorization|credential|cookie/i;

export interface AttributionContext {
  agentId?: string | undefined;
  sessionId?: string | undefined;
}

const configuredMetadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export class InvalidPortkeyMetadataError extends Error {
  override name = "InvalidPortkeyMetadataError";
}

function readConfiguredMetadata(value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidPortkeyMetadataError(`The configured ${PORTKEY_METADATA_HEADER} header is not JSON: give an object such as {"team":"growth","_user":"ana"}.`);
  }
  const result = configuredMetadataSchema.safeParse(parsed);
  if (!result.success) {
    throw new InvalidPortkeyMetadataError(`The configured ${PORTKEY_METADATA_HEADER} header must be a JSON object of strings, such as {"team":"growth"}.`);
  }
  return Object.fromEntries(Object.entries(result.data).map(([key, entry]) => [key, String(entry)]));
}

/**
 * The metadata header value: OpenClaw's agent and session first, the user's
 * keys over them, secret-looking keys and the given secrets left out.
 */
export function buildPortkeyMetadata(params: {
  context: AttributionContext;
  configured?: string | undefined;
  secrets: readonly string[];
}): string | undefined {
  const merged: Record<string, string> = {
    ...(params.context.agentId ? { openclaw_agent_id: params.context.agentId } : {}),
    ...(params.context.sessionId ? { openclaw_session_id: params.context.sessionId } : {}),
    ...readConfiguredMetadata(params.configured),
  };
  const safe = Object.entries(merged)
    .filter(([key, value]) => !SECRET_LIKE_KEY.test(key) && !params.secrets.some((secret) => secret && value.includes(secret)))
    .slice(0, MAX_KEYS)
    .map(([key, value]) => [key.slice(0, MAX_VALUE_CHARS), value.slice(0, MAX_VALUE_CHARS)] as const);
  return safe.length > 0 ? JSON.stringify(Object.fromEntries(safe)) : undefined;
}
