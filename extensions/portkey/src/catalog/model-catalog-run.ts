/**
 * What `openclaw models list --refresh` shows for Portkey (the provider's
 * `catalog.run`): loaded only when OpenClaw asks for the catalog, never on a
 * chat turn.
 */
import type { PluginLogger, ProviderCatalogContext, ProviderCatalogResult } from "openclaw/plugin-sdk/plugin-entry";
import { resolvePortkeyApiKey } from "../gateway/secrets/api-key.ts";
import { storedKeyOrigin } from "../gateway/secrets/key-origin.ts";
import { attributionFor } from "../gateway/transport/attribution.ts";
import { configuredChatBaseUrl } from "../gateway/config/base-url.ts";
import { PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import { errorMessage, PortkeyHttpError } from "../gateway/transport/errors.ts";
import { portkeyModelListCache, type ModelListCache } from "./model-catalog-cache.ts";
import { buildPortkeyProviderConfig, portkeyStaticProviderConfig } from "./model-catalog.ts";
import { readPortkeySettings } from "../gateway/config/provider-settings.ts";

type CatalogOutcome = NonNullable<Extract<ProviderCatalogResult, { provider: unknown }>["outcomes"]>[number];

/**
 * The key for the listing. OpenClaw's `apiKey` here may be a redacted marker
 * (for PORTKEY_API_KEY it is the variable's name); `discoveryApiKey` is the
 * resolved secret. Without it, the stored profile or the variable is read.
 */
async function catalogApiKey(ctx: ProviderCatalogContext, baseUrl: string): Promise<string> {
  const { discoveryApiKey, profileId } = ctx.resolveProviderApiKey(PORTKEY_PROVIDER_ID);
  const resolved = discoveryApiKey?.trim();
  // OpenClaw's provider-level key may be a profile stored for another gateway; then the lookup finds the one for this one.
  const keyOrigin = profileId ? storedKeyOrigin(profileId, { agentDir: ctx.agentDir }) : undefined;
  const belongsHere = keyOrigin === undefined || keyOrigin === new URL(baseUrl).origin;
  return resolved && belongsHere ? resolved : resolvePortkeyApiKey({ cfg: ctx.config, agentDir: ctx.agentDir, baseUrl });
}

/** A refused key only says the listing was refused: Portkey keys can be scoped, so chat may still work. */
function failedOutcome(error: unknown): CatalogOutcome {
  if (error instanceof PortkeyHttpError && (error.status === 401 || error.status === 403)) {
    return { provider: PORTKEY_PROVIDER_ID, status: "auth-rejected", rejectionScope: "catalog" };
  }
  return { provider: PORTKEY_PROVIDER_ID, status: "unavailable" };
}

/**
 * The chat models the user's gateway lists (asked
 * with the configured headers, which a self-hosted gateway needs). Never
 * throws: when the gateway cannot be asked, the static catalog is returned,
 * the outcome says so, and one log line says why (the error messages carry no
 * secret: every plugin error is redacted where it is made).
 */
export async function runPortkeyCatalog(
  ctx: ProviderCatalogContext,
  options: { cache?: ModelListCache | undefined; logger?: PluginLogger | undefined; attribution: boolean },
): Promise<ProviderCatalogResult> {
  const cache = options.cache ?? portkeyModelListCache;
  let baseUrl = configuredChatBaseUrl(ctx.config);
  try {
    const settings = readPortkeySettings(ctx.config);
    baseUrl = settings.baseUrl;
    const ids = await cache.get({
      settings,
      apiKey: await catalogApiKey(ctx, settings.baseUrl),
      signal: ctx.signal,
      attribution: attributionFor(options.attribution, "catalog"),
    });
    return { provider: buildPortkeyProviderConfig(baseUrl, ids), outcomes: [{ provider: PORTKEY_PROVIDER_ID, status: "ready" }] };
  } catch (error) {
    options.logger?.warn(`Portkey model listing failed, so the static catalog is shown: ${errorMessage(error)}`);
    return { provider: portkeyStaticProviderConfig(baseUrl), outcomes: [failedOutcome(error)] };
  }
}
