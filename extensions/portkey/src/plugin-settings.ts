/**
 * The plugin's own settings, `plugins.entries.portkey.config` in
 * `openclaw.json` (schema in openclaw.plugin.json), read with zod.
 */
import { z } from "zod";
import { describeFirstIssue } from "./zod-issues.ts";

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
  throw new InvalidPluginSettingsError(`plugins.entries.portkey.config is ${describeFirstIssue(result.error, "the settings")}.`);
}
