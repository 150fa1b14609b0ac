/**
 * The plugin's own settings, `plugins.entries.portkey.config` in
 * `openclaw.json` (schema in openclaw.plugin.json), read with zod.
 */
import { z } from "zod";

const pluginSettingsSchema = z
  .object({
    /** Send the OpenClaw agent and session in `x-portkey-metadata`. */
    attribution: z.boolean().default(true),
  })
  .strict();

export type PortkeyPluginSettings = z.infer<typeof pluginSettingsSchema>;

export class InvalidPluginSettingsError extends Error {
  override name = "InvalidPluginSettingsError";
}

export function readPortkeyPluginSettings(raw: Record<string, unknown> | undefined): PortkeyPluginSettings {
  const result = pluginSettingsSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "the settings";
  throw new InvalidPluginSettingsError(`plugins.entries.portkey.config is invalid at ${where}: ${issue?.message ?? "unknown problem"}.`);
}
