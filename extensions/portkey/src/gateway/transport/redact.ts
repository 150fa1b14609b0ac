/**
 * Removing secrets from text a server supplied. Apart from errors.ts so the
 * chat path can redact a failed answer without loading zod.
 */

/** Shorter values are not treated as secrets: redacting them would garble ordinary text. */
const MIN_SECRET_CHARS = 4;

/** A secret as an error body may echo it: as is, JSON-escaped and URL-encoded. */
function secretForms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

/**
 * Replaces every occurrence of each secret, in each of its forms, with a
 * marker. Hand-written because OpenClaw's `redactProviderResponseErrorText`
 * (provider-http) redacts whole request header values: a vendor `api_key`
 * inside a Config is only part of the `x-portkey-config` value, so it would
 * survive there. The callers name every secret (request-headers.ts).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_CHARS) continue;
    for (const form of secretForms(secret)) redacted = redacted.split(form).join("[redacted]");
  }
  return redacted;
}
