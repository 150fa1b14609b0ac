/** What transcription's registration and its request code both read. */

/** Portkey cloud's Model Catalog id of OpenAI's transcription model; a self-hosted gateway takes `whisper-1`. */
export const PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID = "@openai/whisper-1";
