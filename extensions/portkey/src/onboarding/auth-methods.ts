/**
 * The two Portkey onboarding choices as OpenClaw lists them (wizard entries,
 * flags, variable). Registered with the provider at start-up; the setup code
 * behind them (onboarding.ts) is loaded only when a user onboards.
 */
import type { ProviderAuthMethod } from "openclaw/plugin-sdk/plugin-entry";
import { createProviderApiKeyAuthMethod } from "openclaw/plugin-sdk/provider-auth";
import {
  PORTKEY_API_KEY_ENV,
  PORTKEY_API_KEY_FLAG,
  PORTKEY_API_KEY_OPTION,
  PORTKEY_AUTH_CHOICE_ID,
  PORTKEY_AUTH_METHOD_ID,
  PORTKEY_LABEL,
  PORTKEY_PROVIDER_ID,
  PORTKEY_SELF_HOSTED_CHOICE_ID,
  PORTKEY_SELF_HOSTED_METHOD_ID,
} from "../gateway/config/defaults.ts";
import { PORTKEY_API_KEY_PROMPT, type SetupMode } from "./setup-mode.ts";

const METHODS: Record<SetupMode, { methodId: string; choiceId: string; label: string; hint: string }> = {
  cloud: {
    methodId: PORTKEY_AUTH_METHOD_ID,
    choiceId: PORTKEY_AUTH_CHOICE_ID,
    label: "Portkey API key",
    hint: "AI gateway for 250+ model providers",
  },
  "self-hosted": {
    methodId: PORTKEY_SELF_HOSTED_METHOD_ID,
    choiceId: PORTKEY_SELF_HOSTED_CHOICE_ID,
    label: "Portkey self-hosted gateway",
    hint: "Your own Portkey gateway, routed by a Config or provider headers",
  },
};

/** A Portkey auth method: OpenClaw's wizard metadata, with Portkey's checks before anything is saved. */
function createPortkeyAuthMethod(mode: SetupMode): ProviderAuthMethod {
  const method = METHODS[mode];
  const sdkMethod = createProviderApiKeyAuthMethod({
    providerId: PORTKEY_PROVIDER_ID,
    methodId: method.methodId,
    label: method.label,
    hint: method.hint,
    optionKey: PORTKEY_API_KEY_OPTION,
    flagName: PORTKEY_API_KEY_FLAG,
    envVar: PORTKEY_API_KEY_ENV,
    promptMessage: PORTKEY_API_KEY_PROMPT,
    wizard: {
      choiceId: method.choiceId,
      choiceLabel: method.label,
      groupId: PORTKEY_PROVIDER_ID,
      groupLabel: PORTKEY_LABEL,
      groupHint: "AI gateway: 250+ providers, logs, budgets, fallbacks",
      methodId: method.methodId,
    },
  });
  return {
    ...sdkMethod,
    run: async (ctx) => (await import("./onboarding.ts")).runPortkeyInteractiveSetup(mode, ctx),
    runNonInteractive: async (ctx) => (await import("./onboarding.ts")).runPortkeyNonInteractiveSetup(mode, ctx),
  };
}

/** Portkey cloud (or any gateway) with an API key, and a self-hosted gateway with its routing. */
export function createPortkeyAuthMethods(): ProviderAuthMethod[] {
  return [createPortkeyAuthMethod("cloud"), createPortkeyAuthMethod("self-hosted")];
}
