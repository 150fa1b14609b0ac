/**
 * The media-understanding provider `portkey` with the audio capability, for
 * `openclaw infer audio transcribe` and voice notes in OpenClaw's channels:
 * what OpenClaw reads at registration. The request lives in transcription.ts,
 * loaded on first use.
 */
import { PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import type { MediaUnderstandingProvider } from "../sdk-types.ts";
import { PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID } from "./transcription-defaults.ts";

export function buildPortkeyTranscriptionProvider(settings: PortkeyPluginSettings): MediaUnderstandingProvider {
  return {
    id: PORTKEY_PROVIDER_ID,
    capabilities: ["audio"],
    defaultModels: { audio: PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID },
    transcribeAudioWithContext: async (req) => (await import("./transcription.ts")).transcribePortkeyAudio(req, settings),
  };
}
