/**
 * The chat provider `portkey`: OpenAI-compatible (`openai-completions`)
 * requests through the Portkey gateway, for any model id the gateway accepts.
 */
import type {
  PluginLogger,
  ProviderBuildUnknownModelHintContext,
  ProviderPlugin,
  ProviderWrapStreamFnContext,
} from "openclaw/plugin-sdk/plugin-entry";
import { createPortkeyAuthMethods } from "./onboarding/auth-methods.ts";
import { chatBaseUrl, configuredChatBaseUrl } from "./gateway/config/base-url.ts";
import { wrapPortkeyStream } from "./chat/chat-stream.ts";
import { classifyPortkeyFailover } from "./chat/failover.ts";
import { PORTKEY_API_KEY_ENV, PORTKEY_DOCS_PATH, PORTKEY_LABEL, PORTKEY_PROVIDER_ID } from "./gateway/config/defaults.ts";
import type { ModelListCache } from "./catalog/model-catalog-cache.ts";
import { buildPortkeyModel, portkeyStaticProviderConfig } from "./catalog/model-catalog.ts";
import { portkeyModelIdHint } from "./chat/model-id-hint.ts";
import type { PortkeyPluginSettings } from "./gateway/config/plugin-settings.ts";
import { portkeyProfileForConfiguredGateway, preparePortkeyRuntimeAuth } from "./chat/runtime-auth.ts";
import { isPortkeyCacheEligible, normalizePortkeyModel, portkeyThinkingProfile } from "./chat/thinking.ts";

/** Portkey cloud needs the integration slug in the model id; a self-hosted gateway does not. */
function buildPortkeyUnknownModelHint(ctx: ProviderBuildUnknownModelHintContext): string | undefined {
  if (ctx.provider !== PORTKEY_PROVIDER_ID) return undefined;
  return portkeyModelIdHint(ctx.modelId, ctx.baseUrl ?? configuredChatBaseUrl(ctx.config));
}

export function buildPortkeyChatProvider(
  options: { modelListCache?: ModelListCache; settings?: PortkeyPluginSettings; logger?: PluginLogger } = {},
): ProviderPlugin {
  const attribution = options.settings?.attribution ?? true;
  return {
    id: PORTKEY_PROVIDER_ID,
    label: PORTKEY_LABEL,
    docsPath: PORTKEY_DOCS_PATH,
    envVars: [PORTKEY_API_KEY_ENV],
    auth: createPortkeyAuthMethods(),
    catalog: {
      order: "simple",
      // Discovery code (HTTP client, response schema, cache) is loaded only when OpenClaw asks for the catalog.
      run: async (ctx) =>
        (await import("./catalog/model-catalog-run.ts")).runPortkeyCatalog(ctx, {
          cache: options.modelListCache,
          logger: options.logger,
          attribution,
        }),
    },
    staticCatalog: {
      order: "simple",
      run: async () => ({ provider: portkeyStaticProviderConfig() }),
    },
    // Portkey accepts any model its catalog or Config routes, so every `portkey/<id>` resolves,
    // with its vendor's row from OpenClaw's own catalogs when OpenClaw knows the model (model-catalog.ts).
    resolveDynamicModel: (ctx) => buildPortkeyModel({ modelId: ctx.modelId, baseUrl: chatBaseUrl(ctx.providerConfig?.baseUrl) }),
    // Thinking levels, reasoning_effort and Claude's cache markers per vendor (thinking.ts).
    normalizeResolvedModel: normalizePortkeyModel,
    resolveThinkingProfile: portkeyThinkingProfile,
    isCacheTtlEligible: isPortkeyCacheEligible,
    buildUnknownModelHint: buildPortkeyUnknownModelHint,
    prepareRuntimeAuth: preparePortkeyRuntimeAuth,
    resolveAuthProfileId: portkeyProfileForConfiguredGateway,
    wrapStreamFn: (ctx: ProviderWrapStreamFnContext) => wrapPortkeyStream(ctx, { attribution, surface: "agent" }),
    wrapSimpleCompletionStreamFn: (ctx: ProviderWrapStreamFnContext) => wrapPortkeyStream(ctx, { attribution, surface: "infer" }),
    classifyFailoverReason: classifyPortkeyFailover,
    // Spend and budgets for `openclaw status --usage`, with the admin key only; loaded when usage is asked for.
    resolveUsageAuth: async (ctx) => (await import("./usage/portkey-usage.ts")).resolvePortkeyUsageAuth(ctx),
    fetchUsageSnapshot: async (ctx) => (await import("./usage/portkey-usage.ts")).fetchPortkeyUsageSnapshot(ctx),
  };
}
