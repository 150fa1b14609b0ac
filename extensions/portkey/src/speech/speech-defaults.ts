/** What the speech provider's registration and its request code both read. */

/** Portkey cloud's Model Catalog id of OpenAI's speech model; a self-hosted gateway takes `gpt-4o-mini-tts`. */
export const PORTKEY_DEFAULT_SPEECH_MODEL_ID = "@openai/gpt-4o-mini-tts";
/** The voice when none is configured; every OpenAI speech model has it. */
export const PORTKEY_DEFAULT_SPEECH_VOICE = "alloy";
/** OpenAI's voices, which Portkey passes on. */
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
