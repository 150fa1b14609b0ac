/**
 * Validation of the gateway base URL a user gives at onboarding
 * (`--custom-base-url`) or in `openclaw.json`.
 */

import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import {
  PORTKEY_API_KEY_ENV,
  PORTKEY_API_KEY_FLAG,
  PORTKEY_CLOUD_BASE_URL,
  PORTKEY_PROVIDER_ID,
  PORTKEY_SELF_HOSTED_DEFAULT_URL,
} from "./defaults.ts";

/** Path Portkey serves its OpenAI-compatible API under, cloud and self-hosted alike. */
const PORTKEY_API_PATH = "/v1";

export class InvalidBaseUrlError extends Error {
  override name = "InvalidBaseUrlError";
}

/**
 * Shows a URL in an error without the credentials it may carry: everything
 * before the last `@` after the scheme is hidden, since a password may itself
 * hold `/`, `@` or `:` (and then the URL does not even parse).
 */
function describeForError(raw: string): string {
  const at = raw.lastIndexOf("@");
  if (at === -1) return raw;
  const scheme = raw.indexOf("//");
  const from = scheme !== -1 && scheme < at ? scheme + 2 : 0;
  return `${raw.slice(0, from)}***${raw.slice(at)}`;
}

/**
 * Returns the normalized base URL, or throws an `InvalidBaseUrlError` that
 * says what to change. A bare origin gets Portkey's `/v1` path, because every
 * gateway route lives below it.
 */
export function normalizePortkeyBaseUrl(raw: string): string {
  const trimmed = raw.trim();
  const shown = describeForError(trimmed);
  if (!trimmed) {
    throw new InvalidBaseUrlError("Portkey base URL is empty: pass an http(s) URL such as https://api.portkey.ai/v1.");
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidBaseUrlError(
      `Portkey base URL "${shown}" is not a valid URL: pass an http(s) URL such as ${PORTKEY_SELF_HOSTED_DEFAULT_URL}.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    // Without `//`, what parses as the scheme can be a user name (`user:pass@host`): named only when written as one.
    const scheme = trimmed.startsWith(`${url.protocol}//`) ? `${url.protocol}//` : "a URL without one";
    throw new InvalidBaseUrlError(`Portkey base URL "${shown}" must use http:// or https://, not ${scheme}.`);
  }
  if (url.username || url.password) {
    throw new InvalidBaseUrlError(
      `Portkey base URL "${shown}" must not carry credentials; give the Portkey API key with ${PORTKEY_API_KEY_FLAG} or ${PORTKEY_API_KEY_ENV} instead.`,
    );
  }
  if (url.search || url.hash) {
    throw new InvalidBaseUrlError(`Portkey base URL "${shown}" must not have a query string or fragment.`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path || PORTKEY_API_PATH}`;
}

/** The base URL chat uses: Portkey cloud unless configured; a value these rules refuse is left for OpenClaw to report. */
export function chatBaseUrl(configured: string | undefined): string {
  if (configured === undefined) return PORTKEY_CLOUD_BASE_URL;
  try {
    return normalizePortkeyBaseUrl(configured);
  } catch {
    return configured;
  }
}

/** The configured gateway as chat uses it (`models.providers.portkey.baseUrl`), without loading the settings schema. */
export function configuredChatBaseUrl(cfg: OpenClawConfig | undefined): string {
  return chatBaseUrl(cfg?.models?.providers?.[PORTKEY_PROVIDER_ID]?.baseUrl);
}
