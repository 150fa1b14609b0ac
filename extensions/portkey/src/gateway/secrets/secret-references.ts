/**
 * Headers kept as secret references (`{ source, provider, id }`), resolved
 * the way OpenClaw resolves them for a turn. OpenClaw hands chat and the
 * capabilities a config whose references are already resolved; onboarding and
 * the doctor read the config as it is on disk, so they resolve it here.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_PROVIDER_ID } from "../config/defaults.ts";
import { formatErrorMessage } from "openclaw/plugin-sdk/ssrf-runtime";
import { readPortkeySettings, type PortkeySettings } from "../config/provider-settings.ts";

/** A header reference OpenClaw cannot resolve; the message names the header, never a value. */
export class UnresolvedSecretHeaderError extends Error {
  override name = "UnresolvedSecretHeaderError";
}

/** The configured headers that are secret references, resolved to their values. */
export async function resolveReferencedHeaders(cfg: OpenClawConfig, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const configured = cfg.models?.providers?.[PORTKEY_PROVIDER_ID]?.headers ?? {};
  const { coerceSecretRef } = await import("openclaw/plugin-sdk/secret-input");
  const refs = Object.entries(configured).flatMap(([name, value]) => {
    const ref = typeof value === "string" ? undefined : coerceSecretRef(value);
    return ref ? [{ name, ref }] : [];
  });
  if (refs.length === 0) return {};
  const { resolveSecretRefValues } = await import("openclaw/plugin-sdk/secret-ref-runtime");
  let values: Map<string, unknown>;
  try {
    values = await resolveSecretRefValues(
      refs.map(({ ref }) => ref),
      { config: cfg, env },
    );
  } catch (error) {
    const names = refs.map(({ name }) => name).join(", ");
    throw new UnresolvedSecretHeaderError(
      `models.providers.portkey.headers (${names}) refer to a secret OpenClaw could not resolve (${formatErrorMessage(error)}). Set the secret it names, or onboard again to store the header anew.`,
    );
  }
  const resolved: Record<string, string> = {};
  for (const { name, ref } of refs) {
    const value = values.get(`${ref.source}:${ref.provider}:${ref.id}`);
    if (typeof value !== "string") {
      throw new UnresolvedSecretHeaderError(
        `models.providers.portkey.headers.${name} refers to ${ref.source} secret ${ref.id}, which holds no text. Onboard again to store the header anew.`,
      );
    }
    resolved[name] = value;
  }
  return resolved;
}

/** The gateway settings with every header, referenced ones resolved: what a turn would send. */
export async function readResolvedPortkeySettings(cfg: OpenClawConfig, env: NodeJS.ProcessEnv): Promise<PortkeySettings> {
  const settings = readPortkeySettings(cfg);
  return { ...settings, headers: { ...settings.headers, ...(await resolveReferencedHeaders(cfg, env)) } };
}
