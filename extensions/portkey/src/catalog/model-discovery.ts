/**
 * Reading the model list a Portkey gateway offers (`GET {baseUrl}/models`):
 * Portkey cloud answers with the workspace's Model Catalog, a self-hosted
 * gateway with the vendor's list. Onboarding's gateway check asks it too
 * (onboarding/gateway-check.ts).
 */
import { z } from "zod";
import type { AttributionContext } from "../gateway/transport/attribution.ts";
import { getFromPortkey, parseJsonAnswer, portkeyCallWith } from "../gateway/transport/portkey-call.ts";
import type { PortkeySettings } from "../gateway/config/provider-settings.ts";

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
  const call = await portkeyCallWith(params.settings, params.apiKey, params.attribution);
  const response = await getFromPortkey(call, {
    action: "Portkey model listing",
    path: "/models",
    timeoutMs: MODEL_LIST_TIMEOUT_MS,
    maxResponseBytes: MODEL_LIST_MAX_BYTES,
    signal: params.signal,
  });
  const body = parseJsonAnswer(response.body, () => new Error("Portkey model listing failed: the answer is not JSON."));
  const parsed = modelListSchema.safeParse(body);
  if (!parsed.success) throw new Error("Portkey model listing failed: the answer has no `data` list of models.");
  return parsed.data.data.map((model) => model.id);
}
