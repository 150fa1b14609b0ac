/**
 * Audio transcription through Portkey: the file's own bytes go to
 * `POST {baseUrl}/audio/transcriptions` as multipart/form-data (OpenAI's
 * shape), with the same key, configured headers, Config, trace id and
 * metadata as chat, through the plugin's one HTTP client.
 */
import { z } from "zod";
import { withoutPortkeyPrefix } from "../gateway/config/model-ref.ts";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import { parseJsonAnswer, postToPortkey, preparePortkeyCall } from "../gateway/transport/portkey-call.ts";
import { PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID } from "./transcription-defaults.ts";
import { type AudioTranscriptionContext, type MediaUnderstandingProvider } from "../sdk-types.ts";

type TranscriptionOutcome = Awaited<ReturnType<NonNullable<MediaUnderstandingProvider["transcribeAudioWithContext"]>>>;

const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const transcriptionSchema = z.object({ text: z.string() });

export class InvalidTranscriptionResponseError extends Error {
  override name = "InvalidTranscriptionResponseError";
}

/** OpenAI's transcription form, which Portkey takes: the model, the file's own bytes and the optional hints. */
export function transcriptionForm(params: {
  model: string;
  audio: Uint8Array;
  mime?: string | undefined;
  fileName: string;
  language?: string | undefined;
  prompt?: string | undefined;
}): FormData {
  const form = new FormData();
  form.set("model", params.model);
  form.set("file", new Blob([Uint8Array.from(params.audio)], { type: params.mime || "application/octet-stream" }), params.fileName);
  form.set("response_format", "json");
  if (params.language) form.set("language", params.language);
  if (params.prompt) form.set("prompt", params.prompt);
  return form;
}

export async function transcribePortkeyAudio(
  req: AudioTranscriptionContext,
  pluginSettings: PortkeyPluginSettings,
): Promise<TranscriptionOutcome> {
  const model = withoutPortkeyPrefix(req.model ?? "") || PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID;
  const call = await preparePortkeyCall({
    cfg: req.cfg,
    agentDir: req.agentDir,
    surface: "transcription",
    attribution: pluginSettings.attribution,
  });
  const form = transcriptionForm({
    model,
    audio: req.buffer,
    mime: req.mime,
    fileName: req.fileName,
    language: req.language,
    prompt: req.prompt,
  });
  const response = await postToPortkey(call, {
    action: "Portkey transcription",
    path: "/audio/transcriptions",
    body: form,
    timeoutMs: req.timeoutMs,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    signal: req.signal,
  });
  const parsed = parseJsonAnswer(response.body, () => new InvalidTranscriptionResponseError("Portkey's transcription answer is not JSON."));
  const result = transcriptionSchema.safeParse(parsed);
  if (!result.success) throw new InvalidTranscriptionResponseError("Portkey's transcription answer has no text.");
  return { ok: true, value: { text: result.data.text, model } };
}
