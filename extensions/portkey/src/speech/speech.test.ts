import { describe, expect, it } from "vitest";
import { sniffAudioFormat } from "./speech.ts";

describe("sniffAudioFormat", () => {
  it("names audio by its bytes, whatever was asked for", () => {
    expect(sniffAudioFormat(Buffer.from([0xff, 0xfb, 0x90, 0x64, 0]))).toEqual({ format: "mp3", extension: ".mp3" });
    expect(sniffAudioFormat(Buffer.from("ID3\u0004\u0000rest", "latin1"))?.format).toBe("mp3");
    expect(sniffAudioFormat(Buffer.from("OggS\u0000\u0002rest", "latin1"))).toEqual({ format: "opus", extension: ".opus" });
    expect(sniffAudioFormat(Buffer.from("RIFF\u0024\u0000\u0000\u0000WAVEfmt ", "latin1"))?.format).toBe("wav");
    expect(sniffAudioFormat(Buffer.from("fLaC\u0000\u0000", "latin1"))?.format).toBe("flac");
  });

  it("refuses what is no known audio, such as an error page", () => {
    expect(sniffAudioFormat(Buffer.from("<html>502 Bad Gateway</html>"))).toBeUndefined();
    expect(sniffAudioFormat(Buffer.from('{"error":{"message":"x"}}'))).toBeUndefined();
    expect(sniffAudioFormat(Buffer.alloc(0))).toBeUndefined();
  });
});
