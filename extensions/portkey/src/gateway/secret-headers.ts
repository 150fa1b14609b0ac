/**
 * Which configured headers are secrets: a credential header (a vendor's
 * `Authorization`, say) or a Config that carries vendor `api_key`s. Onboarding
 * keeps these out of `openclaw.json`; error text has them redacted.
 */
import { PORTKEY_API_KEY_HEADER, PORTKEY_CONFIG_HEADER } from "./defaults.ts";

/** Matched against a header name without the `x-portkey-` prefix (every Portkey header holds "key"). */
const CREDENTIAL_HEADER = /^(proxy-)?authorization$|api[-_]?key|token|secret|password/i;

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

/** Every `api_key` string inside a Config object, at any depth. */
function configApiKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(configApiKeys);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, entry]) => (key === "api_key" && typeof entry === "string" ? [entry] : configApiKeys(entry)));
}

/** The secrets a header carries: its value for a credential header, the vendor keys of a Config. */
export function secretsInHeader(name: string, value: string): string[] {
  if (isCredentialHeaderName(name)) return [value, value.replace(/^Bearer\s+/i, "")];
  if (name.toLowerCase() === PORTKEY_CONFIG_HEADER) return configApiKeys(parsedJson(value));
  return [];
}
