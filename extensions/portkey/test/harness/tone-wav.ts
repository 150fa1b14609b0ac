/** A valid audio file for transcription calls, shared by the demo and the tests. */
import { pcmWav } from "../../src/audio/pcm-wav.ts";

/** A second of a 440 Hz tone as 16-bit mono WAV at 8 kHz (16,044 bytes). */
export function toneWav(): Buffer {
  const rate = 8000;
  const samples = Int16Array.from({ length: rate }, (_, index) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / rate)));
  return pcmWav(samples, rate);
}
