/**
 * A Portkey key belongs to the gateway it was checked against when it was
 * stored: onboarding records that gateway's origin in the credential's
 * metadata, which OpenClaw keeps through staging and activation, and the
 * plugin never sends the key to another origin. A key stored without an
 * origin (before the plugin recorded one, or pasted with `models auth`) goes
 * where the configuration says, as before.
 */
import { ensureAuthProfileStore, listProfilesForProvider, type AuthProfileStore } from "openclaw/plugin-sdk/provider-auth";
import { PORTKEY_PROVIDER_ID } from "../config/defaults.ts";

const KEY_ORIGIN_FIELD = "portkeyGatewayOrigin";

/** Where the profiles are: the store a request carries, or the agent's own. */
export interface ProfileSource {
  agentDir?: string | undefined;
  store?: AuthProfileStore | undefined;
}

const storeOf = ({ agentDir, store }: ProfileSource): AuthProfileStore => store ?? ensureAuthProfileStore(agentDir);

/** The credential metadata that binds a key to the gateway at `baseUrl`. */
export function keyOriginMetadata(baseUrl: string): Record<string, string> {
  return { [KEY_ORIGIN_FIELD]: new URL(baseUrl).origin };
}

/** The gateway origin a stored profile's key belongs to, if one was recorded. */
export function storedKeyOrigin(profileId: string, source: ProfileSource): string | undefined {
  const credential = storeOf(source).profiles[profileId];
  return credential?.type === "api_key" ? credential.metadata?.[KEY_ORIGIN_FIELD] : undefined;
}

/** The Portkey profiles whose key belongs to another gateway than `baseUrl`'s, with that gateway. */
export function profilesForOtherGateways(baseUrl: string, source: ProfileSource): { profileId: string; origin: string }[] {
  const target = new URL(baseUrl).origin;
  // The store is read once; each profile is then looked up in it.
  const store = storeOf(source);
  return listProfilesForProvider(store, PORTKEY_PROVIDER_ID).flatMap((profileId) => {
    const origin = storedKeyOrigin(profileId, { store });
    return origin && origin !== target ? [{ profileId, origin }] : [];
  });
}

/** A Portkey profile bound to the gateway at `baseUrl`, to use instead of one bound elsewhere. */
export function profileForGateway(baseUrl: string, source: ProfileSource): string | undefined {
  const target = new URL(baseUrl).origin;
  const store = storeOf(source);
  return listProfilesForProvider(store, PORTKEY_PROVIDER_ID).find((profileId) => storedKeyOrigin(profileId, { store }) === target);
}

/** A key that belongs to another gateway; the message names origins and profiles, never the key. */
export class KeyForAnotherGatewayError extends Error {
  override name = "KeyForAnotherGatewayError";
  constructor(profileId: string, keyOrigin: string, baseUrl: string) {
    const target = new URL(baseUrl).origin;
    super(
      `The Portkey key in profile ${profileId} was stored for ${keyOrigin}, so it is not sent to ${target}. ` +
        `Activate the key onboarded for ${target} (\`openclaw models auth activate <profile> --agent main\`), or onboard again with --custom-base-url ${target}.`,
    );
  }
}

/** The other gateway's origin when the profile's key belongs to another gateway than the one at `baseUrl`; else undefined. */
export function foreignKeyOrigin(profileId: string, source: ProfileSource, baseUrl: string): string | undefined {
  const origin = storedKeyOrigin(profileId, source);
  return origin !== undefined && origin !== new URL(baseUrl).origin ? origin : undefined;
}
