/**
 * Onboarding for Portkey: the wizard choice `portkey-api-key`, the flag
 * `--portkey-api-key` and the `PORTKEY_API_KEY` variable, interactive and
 * non-interactive. Every input is checked, and the gateway is asked with the
 * key, before anything is saved, so a refused run leaves `openclaw.json` and
 * the credential store as they were.
 */
import type {
  OpenClawConfig,
  ProviderAuthContext,
  ProviderAuthMethod,
  ProviderAuthMethodNonInteractiveContext,
  ProviderAuthResult,
} from "openclaw/plugin-sdk/plugin-entry";
import { applyAuthProfileConfig, buildApiKeyCredential, createProviderApiKeyAuthMethod } from "openclaw/plugin-sdk/provider-auth";
import { captureProviderApiKey, persistProviderApiKey } from "openclaw/plugin-sdk/provider-auth-api-key";
import { InvalidBaseUrlError, normalizePortkeyBaseUrl } from "./base-url.ts";
import { mergePortkeyConfig, primaryModelOf } from "./config-merge.ts";
import { PORTKEY_API_KEY_ENV, PORTKEY_CLOUD_BASE_URL, PORTKEY_LABEL, PORTKEY_PROVIDER_ID } from "./defaults.ts";
import { checkPortkeyGateway, type GatewayCheck } from "./model-discovery.ts";
import { PORTKEY_DEFAULT_MODEL_REF } from "./model-catalog.ts";
import { readPortkeyProviderBlock, readPortkeySettings } from "./provider-settings.ts";

/** These four must match `providerAuthChoices` in openclaw.plugin.json (a test checks it). */
export const PORTKEY_AUTH_METHOD_ID = "api-key";
export const PORTKEY_AUTH_CHOICE_ID = "portkey-api-key";
export const PORTKEY_API_KEY_OPTION = "portkeyApiKey";
export const PORTKEY_API_KEY_FLAG = "--portkey-api-key";

const PROFILE_ID = `${PORTKEY_PROVIDER_ID}:default`;
const PROMPT_MESSAGE = "Enter your Portkey API key";
const NOTE_MESSAGE = [
  "Portkey routes OpenClaw's model calls through one gateway with logs, budgets, fallbacks and guardrails.",
  "Create a Portkey API key at https://app.portkey.ai/api-keys.",
].join("\n");

function stringOption(opts: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = opts?.[key];
  return typeof value === "string" ? value : undefined;
}

function unavailableWarning(check: Extract<GatewayCheck, { kind: "unavailable" }>): string {
  return `Could not check the Portkey gateway: ${check.message} Onboarding continues with the built-in model list.`;
}

/** The config onboarding would write, before the key is checked. */
function draftConfig(config: OpenClawConfig, baseUrl: string | undefined): OpenClawConfig {
  return mergePortkeyConfig(config, { baseUrl });
}

async function runNonInteractive(ctx: ProviderAuthMethodNonInteractiveContext): Promise<OpenClawConfig | null> {
  const refuse = (message: string): null => {
    ctx.runtime.error(message);
    ctx.runtime.exit(1);
    return null;
  };
  const customBaseUrl = stringOption(ctx.opts, "customBaseUrl");
  let baseUrl: string | undefined;
  try {
    baseUrl = customBaseUrl === undefined ? undefined : normalizePortkeyBaseUrl(customBaseUrl);
  } catch (error) {
    if (error instanceof InvalidBaseUrlError) return refuse(error.message);
    throw error;
  }
  // OpenClaw reads the flag, then the variable, then a stored profile, and reports a missing key itself.
  const resolved = await ctx.resolveApiKey({
    provider: PORTKEY_PROVIDER_ID,
    flagValue: stringOption(ctx.opts, PORTKEY_API_KEY_OPTION)?.trim(),
    flagName: PORTKEY_API_KEY_FLAG,
    envVar: PORTKEY_API_KEY_ENV,
  });
  if (!resolved) return null;

  const draft = draftConfig(ctx.config, baseUrl);
  const check = await checkPortkeyGateway({ settings: readPortkeySettings(draft), apiKey: resolved.key });
  if (check.kind === "rejected") return refuse(`Portkey onboarding stopped, nothing was saved. ${check.message}`);
  if (check.kind === "unavailable") ctx.runtime.log(unavailableWarning(check));

  const stored = await persistProviderApiKey(ctx, PROFILE_ID, { provider: PORTKEY_PROVIDER_ID, resolved });
  if (!stored) return null;
  return applyAuthProfileConfig(draft, { profileId: PROFILE_ID, provider: PORTKEY_PROVIDER_ID, mode: "api_key" });
}

async function promptBaseUrl(ctx: ProviderAuthContext): Promise<string> {
  const given = stringOption(ctx.opts, "customBaseUrl");
  if (given !== undefined) return normalizePortkeyBaseUrl(given);
  const answer = await ctx.prompter.text({
    message: "Portkey gateway URL (Portkey cloud, or your self-hosted gateway)",
    initialValue: readPortkeyProviderBlock(ctx.config)?.baseUrl ?? PORTKEY_CLOUD_BASE_URL,
    validate: (value) => {
      try {
        normalizePortkeyBaseUrl(value);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  return normalizePortkeyBaseUrl(answer);
}

async function runInteractive(ctx: ProviderAuthContext): Promise<ProviderAuthResult> {
  const baseUrl = await promptBaseUrl(ctx);
  const flagValue = stringOption(ctx.opts, PORTKEY_API_KEY_OPTION)?.trim();
  const { apiKey, input, mode } = await captureProviderApiKey(ctx, {
    ...(flagValue ? { token: flagValue, tokenProvider: PORTKEY_PROVIDER_ID } : {}),
    ...(ctx.env ? { env: ctx.env } : {}),
    expectedProviders: [PORTKEY_PROVIDER_ID],
    provider: PORTKEY_PROVIDER_ID,
    envLabel: PORTKEY_API_KEY_ENV,
    promptMessage: PROMPT_MESSAGE,
    noteMessage: NOTE_MESSAGE,
    noteTitle: PORTKEY_LABEL,
  });
  const draft = draftConfig(ctx.config, baseUrl);
  const check = await checkPortkeyGateway({ settings: readPortkeySettings(draft), apiKey });
  if (check.kind === "rejected") throw new Error(`Portkey onboarding stopped, nothing was saved. ${check.message}`);
  if (check.kind === "unavailable") await ctx.prompter.note(unavailableWarning(check), PORTKEY_LABEL);
  return {
    profiles: [
      {
        profileId: PROFILE_ID,
        credential: buildApiKeyCredential(PORTKEY_PROVIDER_ID, input, undefined, mode ? { secretInputMode: mode, config: ctx.config } : undefined),
      },
    ],
    configPatch: draft,
    // The user's own primary model when there is one, so the wizard does not replace it.
    defaultModel: primaryModelOf(draft) ?? PORTKEY_DEFAULT_MODEL_REF,
  };
}

/** The Portkey API-key auth method: OpenClaw's wizard metadata, with Portkey's checks before saving. */
export function createPortkeyAuthMethod(): ProviderAuthMethod {
  const sdkMethod = createProviderApiKeyAuthMethod({
    providerId: PORTKEY_PROVIDER_ID,
    methodId: PORTKEY_AUTH_METHOD_ID,
    label: "Portkey API key",
    hint: "AI gateway for 250+ model providers",
    optionKey: PORTKEY_API_KEY_OPTION,
    flagName: PORTKEY_API_KEY_FLAG,
    envVar: PORTKEY_API_KEY_ENV,
    promptMessage: PROMPT_MESSAGE,
    defaultModel: PORTKEY_DEFAULT_MODEL_REF,
    wizard: {
      choiceId: PORTKEY_AUTH_CHOICE_ID,
      choiceLabel: "Portkey API key",
      groupId: PORTKEY_PROVIDER_ID,
      groupLabel: PORTKEY_LABEL,
      groupHint: "AI gateway: 250+ providers, logs, budgets, fallbacks",
      methodId: PORTKEY_AUTH_METHOD_ID,
    },
  });
  return { ...sdkMethod, run: runInteractive, runNonInteractive };
}
