/**
 * The media-understanding provider `portkey` with the audio capability, for
 * `openclaw infer audio transcribe` and voice notes in OpenClaw's channels:
 * what OpenClaw reads at registration. The request lives in transcription.ts,
 * loaded on first use.
 */
import type { OpenClawPluginApi } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_PROVIDER_ID } from "../gateway/defaults.ts";
import type { PortkeyPluginSettings } from "../gateway/plugin-settings.ts";

export type MediaUnderstandingProvider = Parameters<OpenClawPluginApi["registerMediaUnderstandingProvider"]>[0];
export type AudioTranscriptionContext = Parameters<NonNullable<MediaUnderstandingProvider["transcribeAudioWithContext"]>>[0];

/** Portkey cloud's Model Catalog id of OpenAI's transcription model; a self-hosted gateway takes `whisper-1`. */
export const PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID = "@openai/whisper-1";

export function buildPortkeyTranscriptionProvider(settings: PortkeyPluginSettings): MediaUnderstandingProvider {
  return {
    id: PORTKEY_PROVIDER_ID,
    capabilities: ["audio"],
    defaultModels: { audio: PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID },
    transcribeAudioWithContext: async (req) => (await import("./transcription.ts")).transcribePortkeyAudio(req, settings),
  };
}
