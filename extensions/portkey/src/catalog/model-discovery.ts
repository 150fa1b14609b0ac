/**
 * Reading the model list a Portkey gateway offers (`GET {baseUrl}/models`):
 * Portkey cloud answers with the workspace's Model Catalog, a self-hosted
 * gateway with the vendor's list. Onboarding uses it to check the key and
 * the gateway before anything is saved.
 */
import { z } from "zod";
import type { AttributionContext } from "../gateway/attribution.ts";
import { errorMessage, PortkeyHttpError } from "../gateway/errors.ts";
import { sendPortkeyRequest } from "../gateway/http-client.ts";
import { parseJsonAnswer } from "../gateway/portkey-call.ts";
import type { PortkeySettings } from "../gateway/provider-settings.ts";
import { buildPortkeyHeaders, requestSecrets } from "../gateway/request-headers.ts";
import { portkeyTraceId } from "../gateway/trace-id.ts";

const MODEL_LIST_TIMEOUT_MS = 8_000;
const MODEL_LIST_MAX_BYTES = 2 * 1024 * 1024;

const modelListSchema = z.object({
  data: z.array(z.object({ id: z.string().min(1) }).loose()),
});

export async function listPortkeyModelIds(params: {
  settings: PortkeySettings;
  apiKey: string;
  signal?: AbortSignal | undefined;
  attribution?: AttributionContext | undefined;
}): Promise<string[]> {
  const response = await sendPortkeyRequest({
    action: "Portkey model listing",
    url: `${params.settings.baseUrl}/models`,
    method: "GET",
    headers: await buildPortkeyHeaders({
      apiKey: params.apiKey,
      configuredHeaders: params.settings.headers,
      traceId: portkeyTraceId(),
      attribution: params.attribution,
    }),
    timeoutMs: MODEL_LIST_TIMEOUT_MS,
    maxResponseBytes: MODEL_LIST_MAX_BYTES,
    signal: params.signal,
    secrets: requestSecrets(params.apiKey, params.settings.headers),
    gateway: params.settings,
  });
  const body = parseJsonAnswer(response.body, () => new Error("Portkey model listing failed: the answer is not JSON."));
  const parsed = modelListSchema.safeParse(body);
  if (!parsed.success) throw new Error("Portkey model listing failed: the answer has no `data` list of models.");
  return parsed.data.data.map((model) => model.id);
}

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
