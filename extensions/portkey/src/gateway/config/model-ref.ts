/** OpenClaw names a model `portkey/<id>`; Portkey wants the `<id>`. */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_PROVIDER_ID } from "./defaults.ts";

const PORTKEY_REF_PREFIX = `${PORTKEY_PROVIDER_ID}/`;

/** The id without OpenClaw's `portkey/` prefix; any other text comes back as it is (trimmed). */
export function withoutPortkeyPrefix(modelRef: string): string {
  const trimmed = modelRef.trim();
  return trimmed.startsWith(PORTKEY_REF_PREFIX) ? trimmed.slice(PORTKEY_REF_PREFIX.length) : trimmed;
}

/** The user's primary model (`agents.defaults.model`, a ref or `{ primary, fallbacks }`), if any. */
export function primaryModelOf(cfg: OpenClawConfig): string | undefined {
  const model = cfg.agents?.defaults?.model;
  return (typeof model === "string" ? model : model?.primary)?.trim() || undefined;
}
