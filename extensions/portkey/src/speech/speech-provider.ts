/**
 * The speech provider `portkey`, for `openclaw infer tts convert` and spoken
 * replies: what OpenClaw reads at registration. The request lives in
 * speech.ts, loaded on first use. Its settings are `tts.providers.portkey`
 * (`model`, `voice`).
 */
import type { OpenClawPluginApi } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_LABEL, PORTKEY_PROVIDER_ID } from "../gateway/defaults.ts";
import type { PortkeyPluginSettings } from "../gateway/plugin-settings.ts";

type SpeechProviderRegistration = Parameters<OpenClawPluginApi["registerSpeechProvider"]>[0];
export type SpeechProvider = Exclude<SpeechProviderRegistration, (...args: never[]) => unknown>;
export type SpeechSynthesisRequest = Parameters<SpeechProvider["synthesize"]>[0];

/** Portkey cloud's Model Catalog id of OpenAI's speech model; a self-hosted gateway takes `gpt-4o-mini-tts`. */
export const PORTKEY_DEFAULT_SPEECH_MODEL_ID = "@openai/gpt-4o-mini-tts";
/** OpenAI's voices, which Portkey passes on. */
/** The voice when none is configured; every OpenAI speech model has it. */
export const PORTKEY_DEFAULT_SPEECH_VOICE = "alloy";
export const PORTKEY_SPEECH_VOICES = [
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "fable",
  "nova",
  "onyx",
  "sage",
  "shimmer",
  "verse",
] as const;

export function buildPortkeySpeechProvider(settings: PortkeyPluginSettings): SpeechProvider {
  return {
    id: PORTKEY_PROVIDER_ID,
    label: PORTKEY_LABEL,
    defaultModel: PORTKEY_DEFAULT_SPEECH_MODEL_ID,
    models: [PORTKEY_DEFAULT_SPEECH_MODEL_ID, "@openai/tts-1", "@openai/tts-1-hd"],
    voices: PORTKEY_SPEECH_VOICES,
    // Portkey is usable once a gateway is configured; the key is looked up when speaking.
    isConfigured: ({ cfg }) => cfg?.models?.providers?.[PORTKEY_PROVIDER_ID] !== undefined,
    synthesize: async (req) => (await import("./speech.ts")).synthesizePortkeySpeech(req, settings),
  };
}
