/**
 * Trace ids group a conversation's requests in Portkey's logs: one per
 * OpenClaw session, and one per process where OpenClaw has no session
 * (`openclaw infer`, image generation, model listing).
 */
import { randomUUID } from "node:crypto";

const MAX_TRACE_ID_CHARS = 128;
const RUN_TRACE_ID = `openclaw-run-${randomUUID()}`;

export function portkeyTraceId(sessionId?: string | undefined): string {
  const session = sessionId?.trim();
  return session ? `openclaw-session-${session}`.slice(0, MAX_TRACE_ID_CHARS) : RUN_TRACE_ID;
}
