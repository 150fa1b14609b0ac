/**
 * Trace ids group a conversation's requests in Portkey's logs: one per
 * OpenClaw session. A call without a session (`openclaw infer`, image
 * generation, model listing, a daemon's session-less request) gets its own,
 * from OpenClaw's request id where there is one, so a long-running daemon
 * never lumps unrelated calls into one trace.
 */
import { randomUUID } from "node:crypto";
import { headerSafeText } from "./header-safe.ts";

const MAX_TRACE_ID_CHARS = 128;

export function portkeyTraceId(ids: { sessionId?: string | undefined; requestId?: string | undefined } = {}): string {
  const session = ids.sessionId?.trim();
  // Session and request ids are OpenClaw's or the user's text: every character, CR and LF included.
  if (session) return headerSafeText(`openclaw-session-${session}`, MAX_TRACE_ID_CHARS);
  const request = ids.requestId?.trim();
  if (request) return headerSafeText(`openclaw-request-${request}`, MAX_TRACE_ID_CHARS);
  return `openclaw-call-${randomUUID()}`;
}
