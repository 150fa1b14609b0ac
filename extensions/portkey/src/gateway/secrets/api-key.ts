/**
 * Finding the stored Portkey key at request time. OpenClaw passes it to some
 * hooks and not to others (the agent path's stream wrapper gets none), so the
 * plugin asks OpenClaw's credential store itself and never sends a request
 * without it.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import type { AuthProfileStore } from "openclaw/plugin-sdk/provider-auth";
import { foreignKeyOrigin, KeyForAnotherGatewayError, profileForGateway } from "./key-origin.ts";
import { PORTKEY_API_KEY_ENV, PORTKEY_AUTH_CHOICE_ID, PORTKEY_PROVIDER_ID } from "../config/defaults.ts";

export class MissingPortkeyApiKeyError extends Error {
  override name = "MissingPortkeyApiKeyError";
  constructor() {
    super(
      `No Portkey API key is configured. Run \`openclaw onboard --auth-choice ${PORTKEY_AUTH_CHOICE_ID}\` or set ${PORTKEY_API_KEY_ENV}.`,
    );
  }
}

/** OpenClaw found a Portkey credential but could not read it (a secret reference that does not resolve, an unreadable store). */
export class PortkeyKeyLookupError extends Error {
  override name = "PortkeyKeyLookupError";
}

/** OpenClaw's code for "no credential configured for this provider". */
const NO_CREDENTIAL_CODE = "missing-provider-auth";
const MAX_REASON_CHARS = 300;

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}

function lookupFailure(error: unknown): PortkeyKeyLookupError {
  const code = errorCode(error);
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, MAX_REASON_CHARS);
  return new PortkeyKeyLookupError(
    `OpenClaw could not read the stored Portkey API key${typeof code === "string" ? ` (${code})` : ""}: ${reason} ` +
      `If it is a reference to ${PORTKEY_API_KEY_ENV}, set that variable for OpenClaw (and for its gateway daemon); ` +
      `otherwise store the key again with \`openclaw models auth paste-api-key --provider ${PORTKEY_PROVIDER_ID}\` or \`openclaw onboard --auth-choice ${PORTKEY_AUTH_CHOICE_ID}\`.`,
  );
}

interface KeyLookup {
  cfg?: OpenClawConfig | undefined;
  agentDir?: string | undefined;
  store?: AuthProfileStore | undefined;
  /** The gateway the key is for: a profile whose key belongs to another gateway is passed over. */
  baseUrl: string;
}

/** OpenClaw's own credential choice (profile order, cooldowns, references, the environment), or one profile's key. */
async function lookUpKey(params: KeyLookup, profileId?: string): Promise<{ apiKey?: string | undefined; profileId?: string | undefined }> {
  // From the typed agent runtime, loaded here because only a call that has no key from OpenClaw needs it.
  const { resolveApiKeyForProvider } = await import("openclaw/plugin-sdk/agent-runtime");
  return resolveApiKeyForProvider({
    provider: PORTKEY_PROVIDER_ID,
    ...(params.cfg ? { cfg: params.cfg } : {}),
    ...(params.agentDir ? { agentDir: params.agentDir } : {}),
    ...(params.store ? { store: params.store } : {}),
    ...(profileId ? { profileId, lockedProfile: true } : {}),
  });
}

/**
 * The key OpenClaw would choose, unless it belongs to another gateway: then
 * the profile stored for this gateway, if there is one; otherwise an error
 * that says which command fixes it.
 */
async function keyForGateway(params: KeyLookup): Promise<string | undefined> {
  const chosen = await lookUpKey(params);
  const { profileId } = chosen;
  const elsewhere = profileId ? foreignKeyOrigin(profileId, params, params.baseUrl) : undefined;
  if (!profileId || !elsewhere) return chosen.apiKey;
  const bound = profileForGateway(params.baseUrl, params);
  if (bound) return (await lookUpKey(params, bound)).apiKey;
  throw new KeyForAnotherGatewayError(profileId, elsewhere, params.baseUrl);
}

export async function resolvePortkeyApiKey(params: KeyLookup): Promise<string> {
  let apiKey: string | undefined;
  try {
    apiKey = (await keyForGateway(params))?.trim();
  } catch (error) {
    if (error instanceof KeyForAnotherGatewayError) throw error;
    // "Nothing configured" gets the plugin's own message (what to run); any other failure says what went wrong.
    if (errorCode(error) !== NO_CREDENTIAL_CODE) throw lookupFailure(error);
    apiKey = undefined;
  }
  if (!apiKey) throw new MissingPortkeyApiKeyError();
  return apiKey;
}
