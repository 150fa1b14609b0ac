/**
 * Audio transcription through Portkey: the file's own bytes go to
 * `POST {baseUrl}/audio/transcriptions` as multipart/form-data (OpenAI's
 * shape), with the same key, configured headers, Config, trace id and
 * metadata as chat, through the plugin's one HTTP client.
 */
import { z } from "zod";
import { resolvePortkeyApiKey } from "../gateway/api-key.ts";
import { attributionFor } from "../gateway/attribution.ts";
import { PORTKEY_PROVIDER_ID } from "../gateway/defaults.ts";
import { sendPortkeyRequest } from "../gateway/http-client.ts";
import type { PortkeyPluginSettings } from "../gateway/plugin-settings.ts";
import { readPortkeySettings } from "../gateway/provider-settings.ts";
import { buildPortkeyHeaders, requestSecrets } from "../gateway/request-headers.ts";
import { portkeyTraceId } from "../gateway/trace-id.ts";
import { PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID, type AudioTranscriptionContext, type MediaUnderstandingProvider } from "./transcription-provider.ts";

type TranscriptionOutcome = Awaited<ReturnType<NonNullable<MediaUnderstandingProvider["transcribeAudioWithContext"]>>>;

const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const transcriptionSchema = z.object({ text: z.string() });

export class InvalidTranscriptionResponseError extends Error {
  override name = "InvalidTranscriptionResponseError";
}

export async function transcribePortkeyAudio(req: AudioTranscriptionContext, pluginSettings: PortkeyPluginSettings): Promise<TranscriptionOutcome> {
  const settings = readPortkeySettings(req.cfg);
  const model = req.model?.trim().replace(new RegExp(`^${PORTKEY_PROVIDER_ID}/`), "") || PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID;
  const apiKey = await resolvePortkeyApiKey({ cfg: req.cfg, agentDir: req.agentDir });
  const headers = await buildPortkeyHeaders({
    apiKey,
    configuredHeaders: settings.headers,
    traceId: portkeyTraceId(),
    attribution: attributionFor(pluginSettings.attribution, "transcription"),
  });
  const form = new FormData();
  form.set("model", model);
  form.set("file", new Blob([Uint8Array.from(req.buffer)], { type: req.mime || "application/octet-stream" }), req.fileName);
  form.set("response_format", "json");
  if (req.language) form.set("language", req.language);
  if (req.prompt) form.set("prompt", req.prompt);
  const response = await sendPortkeyRequest({
    action: "Portkey transcription",
    url: `${settings.baseUrl}/audio/transcriptions`,
    method: "POST",
    headers,
    body: form,
    timeoutMs: req.timeoutMs,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    signal: req.signal,
    secrets: requestSecrets(apiKey, settings.headers),
    gateway: settings,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString("utf8"));
  } catch {
    throw new InvalidTranscriptionResponseError("Portkey's transcription answer is not JSON.");
  }
  const result = transcriptionSchema.safeParse(parsed);
  if (!result.success) throw new InvalidTranscriptionResponseError("Portkey's transcription answer has no text.");
  return { ok: true, value: { text: result.data.text, model } };
}
