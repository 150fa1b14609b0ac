/** A valid audio file for transcription calls, shared by the demo and the tests. */

/** A second of a 440 Hz tone as 16-bit mono WAV at 8 kHz (16,044 bytes). */
export function toneWav(): Buffer {
  const rate = 8000;
  const wav = Buffer.alloc(44 + rate * 2);
  wav.write("RIFF", 0, "latin1");
  wav.writeUInt32LE(36 + rate * 2, 4);
  wav.write("WAVEfmt ", 8, "latin1");
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36, "latin1");
  wav.writeUInt32LE(rate * 2, 40);
  for (let index = 0; index < rate; index += 1) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / rate)), 44 + index * 2);
  return wav;
}
