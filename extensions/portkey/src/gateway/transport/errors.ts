/**
 * Turning Portkey's error answers into messages a user can act on, without
 * ever letting the API key through.
 */
import { z } from "zod";
import { PORTKEY_API_KEY_ENV, PORTKEY_API_KEY_FLAG } from "../config/defaults.ts";
import { printableText } from "./printable-text.ts";
import { redactSecrets } from "./redact.ts";

/** Portkey answers errors in its own shape or, for upstream errors, OpenAI's. */
const portkeyErrorBodySchema = z.union([
  z.object({
    error: z.object({
      message: z.string(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
    }),
  }),
  z.object({ message: z.string() }),
]);

const MAX_ERROR_DETAIL_CHARS = 500;

export class PortkeyHttpError extends Error {
  override name = "PortkeyHttpError";
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Portkey's own message from an error body, or a trimmed excerpt of the raw
 * body. Secrets are redacted from the whole body before anything is cut, so a
 * key that straddles the cut cannot survive in part.
 */
export function extractPortkeyErrorMessage(body: string, secrets: readonly (string | undefined)[] = []): string {
  const redactedBody = redactSecrets(body, secrets);
  let parsed: unknown;
  try {
    parsed = JSON.parse(redactedBody);
  } catch {
    parsed = undefined;
  }
  const result = portkeyErrorBodySchema.safeParse(parsed);
  const detail = result.success ? ("error" in result.data ? result.data.error.message : result.data.message) : redactedBody.trim();
  // Parsing unescapes what the body escaped; redact the plain text too, still before the cut.
  const oneLine = printableText(redactSecrets(detail, secrets)).replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_ERROR_DETAIL_CHARS ? `${oneLine.slice(0, MAX_ERROR_DETAIL_CHARS)}…` : oneLine;
}

/** Builds the error for a failed Portkey call: what failed, the HTTP status and Portkey's message. */
export function portkeyHttpError(params: {
  action: string;
  status: number;
  body: string;
  secrets: readonly (string | undefined)[];
}): PortkeyHttpError {
  const detail = extractPortkeyErrorMessage(params.body, params.secrets).replace(/\.$/, "") || "no error message in the response";
  const hint = params.status === 401 ? ` Check the Portkey API key (${PORTKEY_API_KEY_ENV} or ${PORTKEY_API_KEY_FLAG}).` : "";
  const message = `${params.action} failed: Portkey returned HTTP ${params.status}: ${detail}.${hint}`;
  return new PortkeyHttpError(redactSecrets(message, params.secrets), params.status);
}
