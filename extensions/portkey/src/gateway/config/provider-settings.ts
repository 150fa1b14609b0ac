/**
 * What the plugin reads of the user's `models.providers.portkey` block, checked
 * with zod at the boundary: the gateway URL, the headers every Portkey
 * request carries and the request settings every call honours.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { z } from "zod";
import { normalizePortkeyBaseUrl } from "./base-url.ts";
import { PORTKEY_CLOUD_BASE_URL, PORTKEY_PROVIDER_ID } from "./defaults.ts";

const providerBlockSchema = z
  .object({
    baseUrl: z.string().optional(),
    // Values may also be secret references, which OpenClaw resolves for chat;
    // the plugin's own calls use the plain-text ones.
    headers: z.record(z.string(), z.unknown()).optional(),
    // Checked by OpenClaw's own request schema where it is used (gateway/http-client.ts).
    request: z.unknown().optional(),
  })
  .loose();

export interface PortkeySettings {
  baseUrl: string;
  headers: Record<string, string>;
  /** `models.providers.portkey.request` (proxy, TLS, extra headers, private network), as configured. */
  request?: unknown;
}

export function readPortkeyProviderBlock(cfg: OpenClawConfig | undefined): z.infer<typeof providerBlockSchema> | undefined {
  const result = providerBlockSchema.safeParse(cfg?.models?.providers?.[PORTKEY_PROVIDER_ID]);
  return result.success ? result.data : undefined;
}

/** The gateway URL (Portkey cloud unless configured) and the configured plain-text headers. */
export function readPortkeySettings(cfg: OpenClawConfig | undefined): PortkeySettings {
  const block = readPortkeyProviderBlock(cfg);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(block?.headers ?? {})) {
    if (typeof value === "string") headers[name] = value;
  }
  return { baseUrl: normalizePortkeyBaseUrl(block?.baseUrl ?? PORTKEY_CLOUD_BASE_URL), headers, request: block?.request };
}
