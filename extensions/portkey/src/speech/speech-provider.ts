/**
 * The speech provider `portkey`, for `openclaw infer tts convert` and spoken
 * replies: what OpenClaw reads at registration. The request lives in
 * speech.ts, loaded on first use. Its settings are `tts.providers.portkey`
 * (`model`, `voice`).
 */
import { PORTKEY_LABEL, PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import type { SpeechProvider } from "../sdk-types.ts";
import { PORTKEY_DEFAULT_SPEECH_MODEL_ID, PORTKEY_SPEECH_VOICES } from "./speech-defaults.ts";

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
