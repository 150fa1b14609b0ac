/**
 * Finding the stored Portkey key at request time. OpenClaw passes it to some
 * hooks and not to others (the agent path's stream wrapper gets none), so the
 * plugin asks OpenClaw's credential store itself and never sends a request
 * without it.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import type { AuthProfileStore } from "openclaw/plugin-sdk/provider-auth";
import { resolveApiKeyForProvider } from "openclaw/plugin-sdk/provider-auth-runtime";
import { PORTKEY_API_KEY_ENV, PORTKEY_AUTH_CHOICE_ID, PORTKEY_PROVIDER_ID } from "./defaults.ts";

export class MissingPortkeyApiKeyError extends Error {
  override name = "MissingPortkeyApiKeyError";
  constructor() {
    super(
      `No Portkey API key is configured. Run \`openclaw onboard --auth-choice ${PORTKEY_AUTH_CHOICE_ID}\` or set ${PORTKEY_API_KEY_ENV}.`,
    );
  }
}

export async function resolvePortkeyApiKey(params: {
  cfg?: OpenClawConfig | undefined;
  agentDir?: string | undefined;
  store?: AuthProfileStore | undefined;
}): Promise<string> {
  let apiKey: string | undefined;
  try {
    const auth = await resolveApiKeyForProvider({
      provider: PORTKEY_PROVIDER_ID,
      ...(params.cfg ? { cfg: params.cfg } : {}),
      ...(params.agentDir ? { agentDir: params.agentDir } : {}),
      ...(params.store ? { store: params.store } : {}),
    });
    apiKey = auth.apiKey?.trim();
  } catch {
    // OpenClaw's own message lists auth-store paths; ours says what to run.
    apiKey = undefined;
  }
  if (!apiKey) throw new MissingPortkeyApiKeyError();
  return apiKey;
}
