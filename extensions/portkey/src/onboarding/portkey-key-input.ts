/**
 * The Portkey key during onboarding, on OpenClaw's typed `provider-auth`
 * helpers: read from the flag, the environment or a prompt without saving it
 * (the wizard hands it to OpenClaw only after the gateway accepted it), and,
 * on the non-interactive path, stored once every check has passed.
 */
import type { ProviderAuthContext, ProviderAuthMethodNonInteractiveContext } from "openclaw/plugin-sdk/plugin-entry";
import {
  ensureApiKeyFromOptionEnvOrPrompt,
  normalizeApiKeyInput,
  upsertAuthProfileWithLock,
  validateApiKeyInput,
  type SecretInput,
  type SecretInputMode,
} from "openclaw/plugin-sdk/provider-auth";
import { PORTKEY_API_KEY_ENV, PORTKEY_LABEL, PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import { keyOriginMetadata } from "../gateway/secrets/key-origin.ts";

type NonInteractiveApiKey = NonNullable<Awaited<ReturnType<ProviderAuthMethodNonInteractiveContext["resolveApiKey"]>>>;

export interface CapturedApiKey {
  apiKey: string;
  /** What to store: the key, or the secret reference the user chose for it. */
  input: SecretInput;
  mode?: SecretInputMode | undefined;
}

/** Asks OpenClaw's prompt for the key (or takes the flag's), and keeps what the user chose without saving it. */
export async function capturePortkeyApiKey(
  ctx: ProviderAuthContext,
  params: { flagValue: string | undefined; promptMessage: string; noteMessage: string },
): Promise<CapturedApiKey> {
  let captured: { input: SecretInput; mode?: SecretInputMode | undefined } | undefined;
  // A flow that may not offer references (`models auth`) stores plain text, as OpenClaw's own API-key methods do.
  const secretInputMode = ctx.allowSecretRefPrompt === false ? (ctx.secretInputMode ?? "plaintext") : ctx.secretInputMode;
  const apiKey = await ensureApiKeyFromOptionEnvOrPrompt({
    token: params.flagValue,
    tokenProvider: params.flagValue ? PORTKEY_PROVIDER_ID : undefined,
    ...(secretInputMode ? { secretInputMode } : {}),
    config: ctx.config,
    ...(ctx.env ? { env: ctx.env } : {}),
    ...(ctx.workspaceDir ? { workspaceDir: ctx.workspaceDir } : {}),
    expectedProviders: [PORTKEY_PROVIDER_ID],
    provider: PORTKEY_PROVIDER_ID,
    envLabel: PORTKEY_API_KEY_ENV,
    promptMessage: params.promptMessage,
    normalize: normalizeApiKeyInput,
    validate: validateApiKeyInput,
    prompter: ctx.prompter,
    setCredential: async (input, mode) => {
      captured = { input, mode };
    },
    noteMessage: params.noteMessage,
    noteTitle: PORTKEY_LABEL,
  });
  if (!captured) throw new Error(`No Portkey API key was given: pass --portkey-api-key or set ${PORTKEY_API_KEY_ENV}.`);
  return { apiKey, ...captured };
}

/**
 * Stores a key found on the non-interactive path in OpenClaw's credential
 * store; false when OpenClaw will not turn it into a credential. A key that
 * came from a stored profile is already there.
 */
export async function storePortkeyApiKey(
  ctx: ProviderAuthMethodNonInteractiveContext,
  profileId: string,
  resolved: NonInteractiveApiKey,
  gatewayBaseUrl: string,
): Promise<boolean> {
  if (resolved.source === "profile") return true;
  // The key is bound to the gateway it was checked against, so it is never sent to another one.
  const credential = ctx.toApiKeyCredential({ provider: PORTKEY_PROVIDER_ID, resolved, metadata: keyOriginMetadata(gatewayBaseUrl) });
  if (!credential) return false;
  const store = await upsertAuthProfileWithLock({ profileId, credential, ...(ctx.agentDir ? { agentDir: ctx.agentDir } : {}) });
  if (!store)
    throw new Error("OpenClaw could not write the Portkey key to its credential store (locked or not writable). Run onboarding again.");
  return true;
}
