/**
 * Which configured headers are secrets: a credential header (a vendor's
 * `Authorization`, a cookie, a cloud key) or an inline Config, which can carry
 * vendor keys, cloud credentials or a service account. Onboarding keeps these
 * out of `openclaw.json`; error text has every credential in them redacted.
 */
import { PORTKEY_API_KEY_HEADER, PORTKEY_CONFIG_HEADER } from "../config/defaults.ts";

/** Matched against a header name without the `x-portkey-` prefix (every Portkey header holds "key"). */
const CREDENTIAL_HEADER =
  /^(proxy-)?authorization$|^(set-)?cookie$|api[-_]?key|access[-_]?key|private[-_]?key|token|secret|password|passphrase|credential|service[-_]?account/i;

/**
 * A Config field whose value is a credential: `api_key`, `virtual_key`,
 * `aws_secret_access_key`, `aws_session_token`, `vertex_service_account_json`,
 * `azure_ad_token`, and whatever a provider names alike.
 */
const CREDENTIAL_FIELD = /key|secret|token|password|passphrase|credential|service_account|authorization|cookie/i;

/**
 * Resolved secret references reach the chat path as OpenClaw's placeholders,
 * swapped for the value only at fetch time; the SDK exports no check for them.
 */
const OPENCLAW_SECRET_PLACEHOLDER = /^(oc-sent-v2\.[A-Za-z0-9_-]+\.end|secretref-managed|secretref-env:.*)$/;

export function isOpenClawSecretPlaceholder(value: string): boolean {
  return OPENCLAW_SECRET_PLACEHOLDER.test(value.trim());
}

export function isPortkeyKeyHeader(name: string): boolean {
  return name.toLowerCase() === PORTKEY_API_KEY_HEADER;
}

function isCredentialHeaderName(name: string): boolean {
  return CREDENTIAL_HEADER.test(name.toLowerCase().replace(/^x-portkey-/, ""));
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A credential field's value: a string, or an object (a service account) as JSON and by its own credential fields. */
function credentialStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null) return [];
  return [JSON.stringify(value), ...configCredentials(value)];
}

/** Every credential inside a Config object, at any depth: the values of credential-like fields. */
function configCredentials(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(configCredentials);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([field, entry]) =>
    CREDENTIAL_FIELD.test(field) ? credentialStrings(entry) : configCredentials(entry),
  );
}

/** The secrets a header carries: its value for a credential header, the credentials of an inline Config. */
export function secretsInHeader(name: string, value: string): string[] {
  if (isCredentialHeaderName(name)) return [value, value.replace(/^(Bearer|Basic)\s+/i, "")];
  if (name.toLowerCase() === PORTKEY_CONFIG_HEADER) return configCredentials(parsedJson(value));
  return [];
}

/**
 * Whether a header belongs in the owner-only secret file rather than in
 * `openclaw.json`: every credential header and every inline Config, because a
 * Config's provider-specific fields can hold credentials under names no list
 * can foresee. A saved Config ID (`pc-…`) is only a name and stays.
 */
export function isSecretHeader(name: string, value: string): boolean {
  if (isCredentialHeaderName(name)) return true;
  return name.toLowerCase() === PORTKEY_CONFIG_HEADER && value.trim().startsWith("{");
}
