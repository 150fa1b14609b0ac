/**
 * Onboarding for Portkey: the wizard choices `portkey-api-key` (Portkey cloud
 * or any gateway) and `portkey-self-hosted` (asks how the gateway routes), the
 * flags `--portkey-api-key`, `--custom-base-url`, `--portkey-config` and the
 * variables `PORTKEY_API_KEY`, `PORTKEY_GATEWAY_URL`, interactive and
 * non-interactive. Every input is checked, and the gateway is asked with the
 * key, before anything is saved, so a refused run leaves `openclaw.json` and
 * the credential store as they were. The chat models the gateway lists are
 * added to the config, and one of them becomes the primary model when the
 * user has none.
 */
import type {
  OpenClawConfig,
  ProviderAuthContext,
  ProviderAuthMethodNonInteractiveContext,
  ProviderAuthResult,
} from "openclaw/plugin-sdk/plugin-entry";
import { applyAuthProfileConfig, buildApiKeyCredential } from "openclaw/plugin-sdk/provider-auth";
import { attributionFor, type AttributionContext } from "../gateway/transport/attribution.ts";
import { readPortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import { PORTKEY_API_KEY_PROMPT, type SetupMode } from "./setup-mode.ts";
import { capturePortkeyApiKey, storePortkeyApiKey } from "./portkey-key-input.ts";
import { normalizePortkeyBaseUrl } from "../gateway/config/base-url.ts";
import { withDefaultPrimary, withPortkeyProvider } from "./config-merge.ts";
import { primaryModelOf } from "../gateway/config/model-ref.ts";
import {
  PORTKEY_API_KEY_ENV,
  PORTKEY_API_KEY_FLAG,
  PORTKEY_API_KEY_OPTION,
  PORTKEY_CLOUD_BASE_URL,
  PORTKEY_CONFIG_HEADER,
  PORTKEY_GATEWAY_URL_ENV,
  PORTKEY_LABEL,
  PORTKEY_PROVIDER_ID,
  PORTKEY_SELF_HOSTED_DEFAULT_URL,
} from "../gateway/config/defaults.ts";
import { errorMessage } from "../gateway/transport/errors.ts";
import { checkPortkeyGateway, type GatewayCheck } from "./gateway-check.ts";
import { InvalidOnboardingInputError, readOnboardingInputs, stringOption, type OnboardingInputs } from "./onboarding-inputs.ts";
import { parsePortkeyConfig, portkeyConfigHeaderValue } from "../gateway/config/portkey-config.ts";
import { readPortkeyProviderBlock, readPortkeySettings } from "../gateway/config/provider-settings.ts";
import { keyOriginMetadata, profilesForOtherGateways } from "../gateway/secrets/key-origin.ts";
import { readResolvedPortkeySettings, UnresolvedSecretHeaderError } from "../gateway/secrets/secret-references.ts";
import type { SecretRef } from "openclaw/plugin-sdk/secret-ref-runtime";
import {
  describeSecuredHeaders,
  portkeySecretFilePath,
  readSecretFile,
  saveSecretHeaderValues,
  secureSecretHeaders,
  SecretHeaderError,
} from "./secret-header-store.ts";

const PROFILE_ID = `${PORTKEY_PROVIDER_ID}:default`;
const NOTE_MESSAGE = [
  "Portkey routes OpenClaw's model calls through one gateway with logs, budgets, fallbacks and guardrails.",
  "Create a Portkey API key at https://app.portkey.ai/api-keys.",
].join("\n");

function unavailableWarning(check: Extract<GatewayCheck, { kind: "unavailable" }>): string {
  return `Could not check the Portkey gateway: ${check.message} Onboarding continues; \`openclaw models list --refresh\` lists the gateway's models once it answers.`;
}

interface SecretsPlan {
  /** The config to write: every secret header is a reference. */
  config: OpenClawConfig;
  /** What to tell the user about the headers kept out of `openclaw.json` (names only). */
  notice?: string | undefined;
  /** Writes the secret file; returns how to undo that write if the rest of onboarding fails. */
  save: () => Promise<() => Promise<void>>;
}

const NOTHING_TO_UNDO = async (): Promise<void> => {};

/**
 * Plans the config to write with every secret header a reference. The secret
 * file is read now, so a file that cannot be kept stops onboarding before
 * anything is saved; it is written only by `save`, once every check passed.
 */
async function keepSecretsOutOfConfig(
  configured: OpenClawConfig,
  previous: OpenClawConfig,
  chosenRefs: Readonly<Record<string, SecretRef>> = {},
): Promise<SecretsPlan> {
  // The state folder is this process's, whatever environment the wizard resolves references in.
  const filePath = portkeySecretFilePath();
  const secured = secureSecretHeaders(configured, { previous, chosenRefs, filePath });
  const hasFileValues = Object.keys(secured.fileValues).length > 0;
  if (hasFileValues) await readSecretFile(filePath);
  return {
    config: secured.config,
    notice: describeSecuredHeaders(secured, filePath),
    save: async () => (hasFileValues ? saveSecretHeaderValues(filePath, secured.fileValues) : NOTHING_TO_UNDO),
  };
}

/**
 * What happens when a key for a new gateway joins keys stored for another:
 * OpenClaw keeps the new one inactive until `models auth activate`, which
 * switches the key and the gateway URL together; the old keys never go to
 * the new gateway.
 */
function stagedKeyNotice(gatewayBaseUrl: string, agentDir: string | undefined): string | undefined {
  const elsewhere = profilesForOtherGateways(gatewayBaseUrl, { agentDir });
  if (elsewhere.length === 0) return undefined;
  const origins = [...new Set(elsewhere.map(({ origin }) => origin))].join(", ");
  return `This key belongs to ${new URL(gatewayBaseUrl).origin}; the Portkey keys stored for ${origins} are never sent there. If OpenClaw keeps it inactive, activating it (with the command OpenClaw names) switches the key and the gateway URL together; until then requests keep going to ${origins}.`;
}

/** The gateway check names its surface unless the user turned attribution off (plugins.entries.portkey.config). */
function onboardingAttribution(cfg: OpenClawConfig): AttributionContext | undefined {
  return attributionFor(readPortkeyPluginSettings(cfg.plugins?.entries?.[PORTKEY_PROVIDER_ID]?.config).attribution, "onboarding");
}

/** Validation for wizard text prompts: the checker's error message, or undefined when the value is fine. */
function validateWith(check: (value: string) => unknown): (value: string) => string | undefined {
  return (value) => {
    try {
      check(value);
      return undefined;
    } catch (error) {
      return errorMessage(error);
    }
  };
}

export async function runPortkeyNonInteractiveSetup(
  mode: SetupMode,
  ctx: ProviderAuthMethodNonInteractiveContext,
): Promise<OpenClawConfig | null> {
  const refuse = (message: string): null => {
    ctx.runtime.error(message);
    ctx.runtime.exit(1);
    return null;
  };
  let inputs: OnboardingInputs;
  try {
    inputs = readOnboardingInputs(ctx.opts, process.env);
  } catch (error) {
    if (error instanceof InvalidOnboardingInputError) return refuse(error.message);
    throw error;
  }
  if (mode === "self-hosted" && !inputs.baseUrl) {
    return refuse(`Portkey self-hosted setup needs the gateway URL: pass --custom-base-url <url> or set ${PORTKEY_GATEWAY_URL_ENV}.`);
  }
  // OpenClaw reads the flag, then the variable, then a stored profile, and reports a missing key itself.
  const resolved = await ctx.resolveApiKey({
    provider: PORTKEY_PROVIDER_ID,
    flagValue: stringOption(ctx.opts, PORTKEY_API_KEY_OPTION)?.trim(),
    flagName: PORTKEY_API_KEY_FLAG,
    envVar: PORTKEY_API_KEY_ENV,
  });
  if (!resolved) return null;

  const draft = withPortkeyProvider(ctx.config, inputs);
  let secured: SecretsPlan;
  let undoSecretFile: () => Promise<void>;
  try {
    const check = await checkPortkeyGateway({
      settings: await readResolvedPortkeySettings(draft, process.env),
      apiKey: resolved.key,
      attribution: onboardingAttribution(ctx.config),
    });
    if (check.kind === "rejected") return refuse(`Portkey onboarding stopped, nothing was saved. ${check.message}`);
    if (check.kind === "unavailable") ctx.runtime.log(unavailableWarning(check));
    secured = await keepSecretsOutOfConfig(withDefaultPrimary(draft, check.kind === "ok" ? check.modelIds : undefined), ctx.config);
    undoSecretFile = await secured.save();
  } catch (error) {
    if (error instanceof SecretHeaderError || error instanceof UnresolvedSecretHeaderError) {
      return refuse(`Portkey onboarding stopped, nothing was saved. ${error.message}`);
    }
    throw error;
  }
  // The key is stored last; when that fails, the secret file goes back to what it held.
  const gatewayBaseUrl = readPortkeySettings(draft).baseUrl;
  const elsewhere = stagedKeyNotice(gatewayBaseUrl, ctx.agentDir);
  const stored = await storePortkeyApiKey(ctx, PROFILE_ID, resolved, gatewayBaseUrl).catch(async (error: unknown) => {
    await undoSecretFile();
    throw error;
  });
  if (!stored) {
    await undoSecretFile();
    return null;
  }
  if (secured.notice) ctx.runtime.log(secured.notice);
  if (elsewhere) ctx.runtime.log(elsewhere);
  return applyAuthProfileConfig(secured.config, { profileId: PROFILE_ID, provider: PORTKEY_PROVIDER_ID, mode: "api_key" });
}

async function promptBaseUrl(ctx: ProviderAuthContext, mode: SetupMode): Promise<string> {
  const stored = readPortkeyProviderBlock(ctx.config)?.baseUrl;
  const fromEnv = (ctx.env ?? process.env)[PORTKEY_GATEWAY_URL_ENV]?.trim();
  const fallback = mode === "cloud" ? PORTKEY_CLOUD_BASE_URL : PORTKEY_SELF_HOSTED_DEFAULT_URL;
  const answer = await ctx.prompter.text({
    message:
      mode === "cloud" ? "Portkey gateway URL (Portkey cloud, or your self-hosted gateway)" : "URL of your self-hosted Portkey gateway",
    initialValue: fromEnv || stored || fallback,
    validate: validateWith(normalizePortkeyBaseUrl),
  });
  return normalizePortkeyBaseUrl(answer);
}

interface Routing {
  /** Plain values, used for the gateway check. */
  headers: Record<string, string>;
  /** Headers the user keeps behind a secret reference of their own. */
  refs: Record<string, SecretRef>;
}

/** The vendor key as `Authorization`: typed in (kept in the secret file), or a reference in ref mode. */
async function promptVendorKey(ctx: ProviderAuthContext): Promise<Routing> {
  if (ctx.secretInputMode === "ref") {
    const { promptSecretRefForSetup } = await import("openclaw/plugin-sdk/provider-auth");
    const { ref, resolvedValue } = await promptSecretRefForSetup({
      provider: PORTKEY_PROVIDER_ID,
      config: ctx.config,
      prompter: ctx.prompter,
      ...(ctx.env ? { env: ctx.env } : {}),
    });
    return { headers: { authorization: resolvedValue }, refs: { authorization: ref } };
  }
  const vendorKey = await ctx.prompter.text({
    message: "The vendor's API key (sent as Authorization; leave empty if the gateway adds it)",
    sensitive: true,
  });
  return { headers: vendorKey.trim() ? { authorization: `Bearer ${vendorKey.trim()}` } : {}, refs: {} };
}

/** Self-hosted gateways have no Model Catalog: ask how requests reach the model vendor. */
async function promptRouting(ctx: ProviderAuthContext): Promise<Routing> {
  const route = await ctx.prompter.select<"config" | "provider" | "none">({
    message: "How should the gateway reach the model vendor?",
    options: [
      { value: "config", label: "A Portkey Config", hint: "a saved Config ID (pc-…) or a Config as JSON" },
      { value: "provider", label: "A provider and its URL", hint: "x-portkey-provider and x-portkey-custom-host" },
      { value: "none", label: "Nothing to add", hint: "the gateway already routes every request" },
    ],
  });
  if (route === "config") {
    const answer = await ctx.prompter.text({ message: "Portkey Config (pc-… or JSON)", validate: validateWith(parsePortkeyConfig) });
    return { headers: { [PORTKEY_CONFIG_HEADER]: portkeyConfigHeaderValue(parsePortkeyConfig(answer)) }, refs: {} };
  }
  if (route === "none") return { headers: {}, refs: {} };
  const provider = await ctx.prompter.text({ message: "Provider (as Portkey names it)", initialValue: "openai" });
  const customHost = await ctx.prompter.text({
    message: "The vendor's API URL (leave empty for the provider's own)",
    validate: (value) => (value.trim() ? validateWith(normalizePortkeyBaseUrl)(value) : undefined),
  });
  const vendorKey = await promptVendorKey(ctx);
  return {
    headers: {
      "x-portkey-provider": provider.trim(),
      ...(customHost.trim() ? { "x-portkey-custom-host": normalizePortkeyBaseUrl(customHost) } : {}),
      ...vendorKey.headers,
    },
    refs: vendorKey.refs,
  };
}

export async function runPortkeyInteractiveSetup(mode: SetupMode, ctx: ProviderAuthContext): Promise<ProviderAuthResult> {
  // A flag given with the wizard counts as an answer; the variable only fills in the prompt.
  const given = readOnboardingInputs(ctx.opts, {});
  const baseUrl = given.baseUrl ?? (await promptBaseUrl(ctx, mode));
  const routing = mode === "self-hosted" && !given.headers[PORTKEY_CONFIG_HEADER] ? await promptRouting(ctx) : { headers: {}, refs: {} };
  const flagValue = stringOption(ctx.opts, PORTKEY_API_KEY_OPTION)?.trim();
  const {
    apiKey,
    input,
    mode: secretMode,
  } = await capturePortkeyApiKey(ctx, { flagValue, promptMessage: PORTKEY_API_KEY_PROMPT, noteMessage: NOTE_MESSAGE });
  const env = ctx.env ?? process.env;
  const inputs = { baseUrl, headers: { ...routing.headers, ...given.headers } };
  const draft = withPortkeyProvider(ctx.config, inputs);
  const check = await checkPortkeyGateway({
    settings: await readResolvedPortkeySettings(draft, env),
    apiKey,
    attribution: onboardingAttribution(ctx.config),
  });
  if (check.kind === "rejected") throw new Error(`Portkey onboarding stopped, nothing was saved. ${check.message}`);
  if (check.kind === "unavailable") await ctx.prompter.note(unavailableWarning(check), PORTKEY_LABEL);
  const {
    config: configured,
    notice,
    save,
  } = await keepSecretsOutOfConfig(withDefaultPrimary(draft, check.kind === "ok" ? check.modelIds : undefined), ctx.config, routing.refs);
  // Nothing is asked after this: OpenClaw saves the profile and config the wizard returns.
  await save();
  if (notice) await ctx.prompter.note(notice, PORTKEY_LABEL);
  return {
    profiles: [
      {
        profileId: PROFILE_ID,
        credential: buildApiKeyCredential(
          PORTKEY_PROVIDER_ID,
          input,
          keyOriginMetadata(readPortkeySettings(draft).baseUrl),
          secretMode ? { secretInputMode: secretMode, config: ctx.config } : undefined,
        ),
      },
    ],
    configPatch: configured,
    // The user's own primary model when there is one, so the wizard does not replace it.
    defaultModel: primaryModelOf(configured),
  };
}
