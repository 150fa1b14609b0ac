/**
 * The plugin's own settings, `plugins.entries.portkey.config` in
 * `openclaw.json`. OpenClaw checks them against the manifest's configSchema
 * before the plugin registers; this reads them at registration without
 * loading a schema library, and still names a wrong setting.
 */
import { InvalidBaseUrlError, normalizePortkeyBaseUrl } from "./base-url.ts";

export interface PortkeyPluginSettings {
  /** Send the OpenClaw agent and session in `x-portkey-metadata`. */
  attribution: boolean;
  /** The workspace whose spend and budgets the usage view shows (an organisation admin key sees several). */
  usageWorkspace?: string;
  /** Where the admin key may go besides Portkey cloud: the user's own Portkey control plane. */
  usageAdminBaseUrl?: string;
}

const SETTING_NAMES = ["attribution", "usageWorkspace", "usageAdminBaseUrl"];

const SETTINGS_PATH = "plugins.entries.portkey.config";

export class InvalidPluginSettingsError extends Error {
  override name = "InvalidPluginSettingsError";
}

/** The admin URL, checked as every Portkey base URL is (the usage view normalizes it where it is used). */
function adminBaseUrlSetting(value: unknown): string {
  try {
    if (typeof value === "string" && normalizePortkeyBaseUrl(value)) return value.trim();
  } catch (error) {
    if (!(error instanceof InvalidBaseUrlError)) throw error;
  }
  throw new InvalidPluginSettingsError(
    `${SETTINGS_PATH} is invalid at usageAdminBaseUrl: expected the http(s) URL of your Portkey control plane, such as https://portkey.example.com/v1.`,
  );
}

export function readPortkeyPluginSettings(raw: Record<string, unknown> | undefined): PortkeyPluginSettings {
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (name === "attribution" && typeof value !== "boolean") {
      throw new InvalidPluginSettingsError(`${SETTINGS_PATH} is invalid at attribution: expected true or false.`);
    }
    if (name === "usageWorkspace" && (typeof value !== "string" || value.trim() === "")) {
      throw new InvalidPluginSettingsError(`${SETTINGS_PATH} is invalid at usageWorkspace: expected a Portkey workspace slug.`);
    }
    if (!SETTING_NAMES.includes(name)) {
      throw new InvalidPluginSettingsError(
        `${SETTINGS_PATH} is invalid at ${name}: not a Portkey setting (the settings are ${SETTING_NAMES.join(", ")}).`,
      );
    }
  }
  const workspace = typeof raw?.usageWorkspace === "string" ? raw.usageWorkspace.trim() : undefined;
  const adminBaseUrl = raw?.usageAdminBaseUrl === undefined ? undefined : adminBaseUrlSetting(raw.usageAdminBaseUrl);
  return {
    attribution: raw?.attribution !== false,
    ...(workspace ? { usageWorkspace: workspace } : {}),
    ...(adminBaseUrl ? { usageAdminBaseUrl: adminBaseUrl } : {}),
  };
}
