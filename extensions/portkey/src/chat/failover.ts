/**
 * How a Portkey failure steers OpenClaw's model fallbacks
 * (`agents.defaults.model.fallbacks`). Each reason is chosen by what OpenClaw
 * does with it, as measured on OpenClaw 2026.9.6, not by its name:
 * - `empty_response`: one more try, then the next fallback model, and the
 *   Portkey auth profile stays healthy, so a fallback to another Portkey
 *   model works. Used for budgets, rate limits, timeouts and upstream errors,
 *   where Portkey (with its own retries and Configs) has already done what a
 *   gateway can.
 * - `rate_limit` / `server_error` / `timeout` would mean 8–10 requests over
 *   80–140 s of backoff before any fallback; `billing` would disable the whole
 *   Portkey profile, so a fallback to another Portkey model would fail too.
 * - `auth` (401): the key itself is wrong; every Portkey model would fail alike.
 *   A 403 is not that: a scoped key may be refused one model and allowed others.
 * - `format`: a guardrail refused the input; sending it again cannot help.
 */
import type { ProviderFailoverErrorContext } from "openclaw/plugin-sdk/plugin-entry";
import { ANSWER_CUT_SHORT } from "./failed-answer-guard.ts";
import type { FailoverReason } from "../sdk-types.ts";

/** Portkey's own statuses, beside the usual HTTP ones. */
const PORTKEY_STATUS = {
  invalidKey: 401,
  forbidden: 403,
  timeout: 408,
  budgetExhausted: 412,
  rateLimited: 429,
  guardrailDenied: 446,
} as const;

/** A scoped key may be refused one model and allowed others, so 403 is no reason to drop the whole profile. */
const FALL_BACK_AT_ONCE = new Set<number>([
  PORTKEY_STATUS.forbidden,
  PORTKEY_STATUS.timeout,
  PORTKEY_STATUS.budgetExhausted,
  PORTKEY_STATUS.rateLimited,
]);

export function classifyPortkeyFailover(ctx: ProviderFailoverErrorContext): FailoverReason | undefined {
  const status = ctx.status;
  if (status === PORTKEY_STATUS.invalidKey) return "auth";
  if (status === PORTKEY_STATUS.guardrailDenied) return "format";
  if (status !== undefined && (FALL_BACK_AT_ONCE.has(status) || (status >= 500 && status <= 599))) return "empty_response";
  if (status === undefined && ANSWER_CUT_SHORT.test(ctx.errorMessage)) return "empty_response";
  // Anything else keeps OpenClaw's own classification.
  return undefined;
}
