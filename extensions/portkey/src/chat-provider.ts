/**
 * The chat provider `portkey`: OpenAI-compatible (`openai-completions`)
 * requests through the Portkey gateway, for any model id the gateway accepts.
 */
import type {
  ProviderBuildUnknownModelHintContext,
  ProviderCatalogContext,
  ProviderCatalogResult,
  ProviderPlugin,
  ProviderWrapStreamFnContext,
} from "openclaw/plugin-sdk/plugin-entry";
import { resolvePortkeyApiKey } from "./api-key.ts";
import { normalizePortkeyBaseUrl } from "./base-url.ts";
import { wrapPortkeyStream } from "./chat-stream.ts";
import { PortkeyHttpError } from "./errors.ts";
import { classifyPortkeyFailover } from "./failover.ts";
import { PORTKEY_API_KEY_ENV, PORTKEY_CLOUD_BASE_URL, PORTKEY_LABEL, PORTKEY_PROVIDER_ID } from "./defaults.ts";
import { portkeyModelListCache, type ModelListCache } from "./model-catalog-cache.ts";
import { buildPortkeyModel, buildPortkeyProviderConfig } from "./model-catalog.ts";
import { portkeyModelIdHint } from "./model-id-hint.ts";
import { createPortkeyAuthMethods } from "./onboarding.ts";
import { readPortkeyPluginSettings, type PortkeyPluginSettings } from "./plugin-settings.ts";
import { readPortkeyProviderBlock, readPortkeySettings } from "./provider-settings.ts";

/** The same base URL rules as onboarding; a value it cannot read is left for OpenClaw to report. */
function chatBaseUrl(configured: string | undefined): string {
  if (configured === undefined) return PORTKEY_CLOUD_BASE_URL;
  try {
    return normalizePortkeyBaseUrl(configured);
  } catch {
    return configured;
  }
}

type CatalogOutcome = NonNullable<Extract<ProviderCatalogResult, { provider: unknown }>["outcomes"]>[number];

/**
 * The key for the listing. OpenClaw's `apiKey` here may be a redacted marker
 * (for PORTKEY_API_KEY it is the variable's name); `discoveryApiKey` is the
 * resolved secret. Without it, the stored profile or the variable is read.
 */
async function catalogApiKey(ctx: ProviderCatalogContext): Promise<string> {
  const resolved = ctx.resolveProviderApiKey(PORTKEY_PROVIDER_ID).discoveryApiKey?.trim();
  return resolved || resolvePortkeyApiKey({ cfg: ctx.config, agentDir: ctx.agentDir });
}

/** A refused key only says the listing was refused: Portkey keys can be scoped, so chat may still work. */
function failedOutcome(error: unknown): CatalogOutcome {
  if (error instanceof PortkeyHttpError && (error.status === 401 || error.status === 403)) {
    return { provider: PORTKEY_PROVIDER_ID, status: "auth-rejected", rejectionScope: "catalog" };
  }
  return { provider: PORTKEY_PROVIDER_ID, status: "unavailable" };
}

/**
 * The models `openclaw models list --refresh` shows: the built-in ones plus the
 * chat models the user's gateway lists (asked with the configured headers,
 * which a self-hosted gateway needs). Never throws: when the gateway cannot
 * be asked, the built-in catalog is returned and the outcome says why.
 */
async function runPortkeyCatalog(ctx: ProviderCatalogContext, cache: ModelListCache): Promise<ProviderCatalogResult> {
  let baseUrl = chatBaseUrl(readPortkeyProviderBlock(ctx.config)?.baseUrl);
  try {
    const settings = readPortkeySettings(ctx.config);
    baseUrl = settings.baseUrl;
    const ids = await cache.get({ settings, apiKey: await catalogApiKey(ctx), signal: ctx.signal });
    return { provider: buildPortkeyProviderConfig(baseUrl, ids), outcomes: [{ provider: PORTKEY_PROVIDER_ID, status: "ready" }] };
  } catch (error) {
    return { provider: buildPortkeyProviderConfig(baseUrl), outcomes: [failedOutcome(error)] };
  }
}

/** Portkey cloud needs the integration slug in the model id; a self-hosted gateway does not. */
function buildPortkeyUnknownModelHint(ctx: ProviderBuildUnknownModelHintContext): string | undefined {
  if (ctx.provider !== PORTKEY_PROVIDER_ID) return undefined;
  const baseUrl = ctx.baseUrl ?? readPortkeyProviderBlock(ctx.config)?.baseUrl ?? PORTKEY_CLOUD_BASE_URL;
  return portkeyModelIdHint(ctx.modelId, baseUrl);
}

export function buildPortkeyChatProvider(
  options: { modelListCache?: ModelListCache; settings?: PortkeyPluginSettings } = {},
): ProviderPlugin {
  const cache = options.modelListCache ?? portkeyModelListCache;
  const streamOptions = { attribution: (options.settings ?? readPortkeyPluginSettings(undefined)).attribution };
  const wrapStream = (ctx: ProviderWrapStreamFnContext) => wrapPortkeyStream(ctx, streamOptions);
  return {
    id: PORTKEY_PROVIDER_ID,
    label: PORTKEY_LABEL,
    docsPath: "/providers/portkey",
    envVars: [PORTKEY_API_KEY_ENV],
    auth: createPortkeyAuthMethods(),
    catalog: {
      order: "simple",
      run: (ctx) => runPortkeyCatalog(ctx, cache),
    },
    staticCatalog: {
      order: "simple",
      run: async () => ({ provider: buildPortkeyProviderConfig() }),
    },
    // Portkey accepts any model its catalog or Config routes, so every `portkey/<id>` resolves,
    // with its family's metadata when the family is known (model-families.ts).
    resolveDynamicModel: (ctx) => buildPortkeyModel({ modelId: ctx.modelId, baseUrl: chatBaseUrl(ctx.providerConfig?.baseUrl) }),
    buildUnknownModelHint: buildPortkeyUnknownModelHint,
    wrapStreamFn: wrapStream,
    wrapSimpleCompletionStreamFn: wrapStream,
    classifyFailoverReason: classifyPortkeyFailover,
  };
}
