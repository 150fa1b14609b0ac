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

export async function preparePortkeyRuntimeAuth(ctx: ProviderPrepareRuntimeAuthContext): Promise<ProviderPreparedRuntimeAuth | undefined> {
  const apiKey = ctx.apiKey.trim();
  // After a profile rotation OpenClaw may offer a marker ("custom-local") instead of a key;
  // the stream wrapper then falls back to the stored Portkey key.
  if (!apiKey || isNonSecretApiKeyMarker(apiKey)) return undefined;
  return { apiKey, request: { headers: { [PORTKEY_API_KEY_HEADER]: apiKey } } };
}
