/**
 * The chat provider `portkey`: OpenAI-compatible (`openai-completions`)
 * requests through the Portkey gateway, for any model id the gateway accepts.
 */
import type { ProviderPlugin } from "openclaw/plugin-sdk/plugin-entry";
import { normalizePortkeyBaseUrl } from "./base-url.ts";
import { wrapPortkeyStream } from "./chat-stream.ts";
import { classifyPortkeyFailover } from "./failover.ts";
import { PORTKEY_API_KEY_ENV, PORTKEY_CLOUD_BASE_URL, PORTKEY_LABEL, PORTKEY_PROVIDER_ID } from "./defaults.ts";
import { buildPortkeyModel, buildPortkeyProviderConfig } from "./model-catalog.ts";
import { createPortkeyAuthMethods } from "./onboarding.ts";
import { readPortkeySettings } from "./provider-settings.ts";

/** The same base URL rules as onboarding; a value it cannot read is left for OpenClaw to report. */
function chatBaseUrl(configured: string | undefined): string {
  if (configured === undefined) return PORTKEY_CLOUD_BASE_URL;
  try {
    return normalizePortkeyBaseUrl(configured);
  } catch {
    return configured;
  }
}

export function buildPortkeyChatProvider(): ProviderPlugin {
  return {
    id: PORTKEY_PROVIDER_ID,
    label: PORTKEY_LABEL,
    docsPath: "/providers/portkey",
    envVars: [PORTKEY_API_KEY_ENV],
    auth: createPortkeyAuthMethods(),
    catalog: {
      order: "simple",
      run: async (ctx) => ({ provider: buildPortkeyProviderConfig(readPortkeySettings(ctx.config).baseUrl) }),
    },
    staticCatalog: {
      order: "simple",
      run: async () => ({ provider: buildPortkeyProviderConfig() }),
    },
    // Portkey accepts any model its catalog or Config routes, so every `portkey/<id>` resolves.
    resolveDynamicModel: (ctx) => buildPortkeyModel({ modelId: ctx.modelId, baseUrl: chatBaseUrl(ctx.providerConfig?.baseUrl) }),
    wrapStreamFn: wrapPortkeyStream,
    wrapSimpleCompletionStreamFn: wrapPortkeyStream,
    classifyFailoverReason: classifyPortkeyFailover,
  };
}
