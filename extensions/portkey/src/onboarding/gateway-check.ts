/**
 * Onboarding asks the gateway for its models with the key before anything is
 * saved: a refused key, or headers the gateway will not take, stop onboarding;
 * a gateway that cannot be reached only earns a warning.
 */
import type { AttributionContext } from "../gateway/transport/attribution.ts";
import { errorMessage, PortkeyHttpError } from "../gateway/transport/errors.ts";
import type { PortkeySettings } from "../gateway/config/provider-settings.ts";
import { listPortkeyModelIds } from "../catalog/model-discovery.ts";

export type GatewayCheck =
  | { kind: "ok"; modelIds: string[] }
  /** Portkey refused the key: onboarding must stop before saving anything. */
  | { kind: "rejected"; message: string }
  /** The gateway could not be asked; onboarding warns and goes on. */
  | { kind: "unavailable"; message: string };

/** Only an invalid key stops onboarding: a 403 can be a key scoped away from model listing but fine for chat. */
const KEY_REJECTED_STATUS = 401;
/** Headers the gateway will not take (an oversized Config, say) would fail every later request as well. */
const HEADERS_TOO_LARGE_STATUS = 431;

/** Asks the gateway for its models with the key and tells onboarding what to do. */
export async function checkPortkeyGateway(params: {
  settings: PortkeySettings;
  apiKey: string;
  attribution?: AttributionContext | undefined;
}): Promise<GatewayCheck> {
  try {
    return { kind: "ok", modelIds: await listPortkeyModelIds(params) };
  } catch (error) {
    const message = errorMessage(error);
    if (error instanceof PortkeyHttpError && error.status === KEY_REJECTED_STATUS) return { kind: "rejected", message };
    if (error instanceof PortkeyHttpError && error.status === HEADERS_TOO_LARGE_STATUS) {
      return {
        kind: "rejected",
        message: `${message} The gateway refuses the request headers as too large; shorten models.providers.portkey.headers, or save a long Config in Portkey and pass its ID (pc-…).`,
      };
    }
    return { kind: "unavailable", message };
  }
}
