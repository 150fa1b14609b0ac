/**
 * The Portkey key OpenClaw chose for a request. OpenClaw resolves the run's
 * credential (the auth profile it selected — the one `openclaw models auth
 * activate` switched to, an env reference, a rotated profile) and passes it to
 * `prepareRuntimeAuth` on the agent and infer paths; headers returned here are
 * merged into the request's model headers, where the stream wrapper finds them.
 */
import type { ProviderPrepareRuntimeAuthContext, ProviderPreparedRuntimeAuth } from "openclaw/plugin-sdk/plugin-entry";
import { isNonSecretApiKeyMarker } from "openclaw/plugin-sdk/provider-auth";
import { PORTKEY_API_KEY_HEADER } from "../gateway/config/defaults.ts";
import { configuredChatBaseUrl } from "../gateway/config/base-url.ts";
import { foreignKeyOrigin, storedKeyOrigin } from "../gateway/secrets/key-origin.ts";
import type { ResolveAuthProfileIdContext } from "../sdk-types.ts";

/**
 * Among the profiles OpenClaw would try, the first whose key belongs to the
 * configured gateway, so a run that pins no profile starts with a key that
 * may go there. OpenClaw asks only when nothing is pinned.
 */
export function portkeyProfileForConfiguredGateway(ctx: ResolveAuthProfileIdContext): string | undefined {
  const target = new URL(configuredChatBaseUrl(ctx.config)).origin;
  return ctx.profileOrder.find((profileId) => storedKeyOrigin(profileId, { store: ctx.authStore }) === target);
}

export async function preparePortkeyRuntimeAuth(ctx: ProviderPrepareRuntimeAuthContext): Promise<ProviderPreparedRuntimeAuth | undefined> {
  let apiKey = ctx.apiKey.trim();
  // After a profile rotation OpenClaw may offer a marker ("custom-local") instead of a key;
  // the stream wrapper then falls back to the stored Portkey key.
  if (!apiKey || isNonSecretApiKeyMarker(apiKey)) return undefined;
  if (ctx.profileId && foreignKeyOrigin(ctx.profileId, { agentDir: ctx.agentDir }, ctx.model.baseUrl)) {
    // The chosen key belongs to another gateway: the key stored for this one is used instead, or, with none
    // stored, the error sends OpenClaw on to its next profile (or fails the request) and names the fix.
    const { resolvePortkeyApiKey } = await import("../gateway/secrets/api-key.ts");
    apiKey = await resolvePortkeyApiKey({ cfg: ctx.config, agentDir: ctx.agentDir, baseUrl: ctx.model.baseUrl });
  }
  return { apiKey, request: { headers: { [PORTKEY_API_KEY_HEADER]: apiKey } } };
}
