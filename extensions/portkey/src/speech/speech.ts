/**
 * Text to speech through Portkey: `POST {baseUrl}/audio/speech` (OpenAI's
 * shape) with the same key, configured headers, Config, trace id and metadata
 * as chat, through the plugin's one HTTP client. The audio's format is read
 * from its bytes, never taken from what was asked for, so a file is never
 * mislabelled; an answer that is no known audio format is an error.
 */
import { z } from "zod";
import { PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import { postToPortkey, preparePortkeyCall } from "../gateway/transport/portkey-call.ts";
import { describeFirstIssue } from "../gateway/config/zod-issues.ts";
import { PORTKEY_DEFAULT_SPEECH_MODEL_ID, PORTKEY_DEFAULT_SPEECH_VOICE } from "./speech-defaults.ts";
import { type SpeechProvider, type SpeechSynthesisRequest } from "../sdk-types.ts";

type SpeechResult = Awaited<ReturnType<SpeechProvider["synthesize"]>>;

const MAX_AUDIO_BYTES = 32 * 1024 * 1024;

const speechSettingsSchema = z
  .object({
    model: z.string().min(1).optional(),
    voice: z.string().min(1).optional(),
  })
  .loose();

export class InvalidSpeechResponseError extends Error {
  override name = "InvalidSpeechResponseError";
}

/** Formats Portkey can return, by signature, with the file extension OpenClaw writes. */
const AUDIO_SIGNATURES: { format: string; extension: string; matches: (bytes: Buffer) => boolean }[] = [
  {
    format: "mp3",
    extension: ".mp3",
    matches: (b) => b.toString("latin1", 0, 3) === "ID3" || (b[0] === 0xff && ((b[1] ?? 0) & 0xe6) === 0xe2),
  },
  { format: "opus", extension: ".opus", matches: (b) => b.toString("latin1", 0, 4) === "OggS" },
  { format: "wav", extension: ".wav", matches: (b) => b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WAVE" },
  { format: "flac", extension: ".flac", matches: (b) => b.toString("latin1", 0, 4) === "fLaC" },
  { format: "aac", extension: ".aac", matches: (b) => b[0] === 0xff && ((b[1] ?? 0) & 0xf6) === 0xf0 },
];

export function sniffAudioFormat(bytes: Buffer): { format: string; extension: string } | undefined {
  const found = AUDIO_SIGNATURES.find((signature) => bytes.length >= 4 && signature.matches(bytes));
  return found && { format: found.format, extension: found.extension };
}

export async function synthesizePortkeySpeech(req: SpeechSynthesisRequest, pluginSettings: PortkeyPluginSettings): Promise<SpeechResult> {
  const configured = speechSettingsSchema.safeParse({ ...req.providerConfig, ...req.providerOverrides });
  if (!configured.success)
    throw new InvalidSpeechResponseError(`tts.providers.${PORTKEY_PROVIDER_ID} is ${describeFirstIssue(configured.error, "the setting")}.`);
  const call = await preparePortkeyCall({ cfg: req.cfg, surface: "speech", attribution: pluginSettings.attribution });
  // Voice notes play best as Opus; files as MP3.
  const requested = req.target === "voice-note" ? "opus" : "mp3";
  const response = await postToPortkey(call, {
    action: "Portkey speech",
    path: "/audio/speech",
    body: {
      model: configured.data.model ?? PORTKEY_DEFAULT_SPEECH_MODEL_ID,
      voice: configured.data.voice ?? PORTKEY_DEFAULT_SPEECH_VOICE,
      input: req.text,
      response_format: requested,
    },
    timeoutMs: req.timeoutMs,
    maxResponseBytes: MAX_AUDIO_BYTES,
  });
  const audio = sniffAudioFormat(response.body);
  if (!audio) throw new InvalidSpeechResponseError("Portkey's speech answer is not audio in a known format (MP3, Opus, WAV, FLAC, AAC).");
  return {
    audioBuffer: response.body,
    outputFormat: audio.format,
    fileExtension: audio.extension,
    voiceCompatible: audio.format === "opus",
  };
}
