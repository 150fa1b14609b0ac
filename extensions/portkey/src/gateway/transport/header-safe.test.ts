import { describe, expect, it } from "vitest";
import { cutToCodePoints, headerSafeJson, headerSafeRecord, headerSafeText, headerSafeValue } from "./header-safe.ts";

/** What Node's fetch accepts as a header value: Latin-1 without CR, LF or NUL. */
const isByteStringHeader = (value: string) =>
  !/[^\x00-\xff]|[\r\n\0]/.test(value) && new Headers({ "x-test": value }).get("x-test") !== null;

describe("headerSafeText", () => {
  it("percent-encodes everything outside printable ASCII, % included, as UTF-8", () => {
    expect(headerSafeText("Résumé-☃-日本", 100)).toBe("R%C3%A9sum%C3%A9-%E2%98%83-%E6%97%A5%E6%9C%AC");
    expect(decodeURIComponent(headerSafeText("Résumé-☃-日本 100%", 100))).toBe("Résumé-☃-日本 100%");
    expect(headerSafeText("line\r\nbreak", 100)).toBe("line%0D%0Abreak");
    expect(headerSafeText("🦞 claws", 100)).toBe("%F0%9F%A6%9E claws");
  });

  it("is cut to the length without splitting an escape", () => {
    expect(headerSafeText("ab☃", 4)).toBe("ab");
    expect(headerSafeText("ab☃", 11)).toBe("ab%E2%98%83");
    expect(headerSafeText("x".repeat(300), 128)).toHaveLength(128);
  });

  it("gives a value fetch accepts for every input, a lone surrogate included", () => {
    for (const text of ["Résumé-☃-日本", "\ud83d", "a\r\nb", "\u0000\u007f\u0080\u00ff"])
      expect(isByteStringHeader(headerSafeText(text, 128)), text).toBe(true);
  });
});

describe("headerSafeJson", () => {
  it("escapes non-ASCII so the header is valid and parses back to the same value", () => {
    const value = { team: "Zürich ☃", agent: "日本-🦞", note: "a\nb" };
    const json = headerSafeJson(value);
    expect(json).toBe('{"team":"Z\\u00fcrich \\u2603","agent":"\\u65e5\\u672c-\\ud83e\\udd9e","note":"a\\nb"}');
    expect(JSON.parse(json)).toEqual(value);
    expect(isByteStringHeader(json)).toBe(true);
  });
});

describe("cutToCodePoints", () => {
  it("never cuts a surrogate pair in half", () => {
    expect(cutToCodePoints("🦞🦞🦞", 2)).toBe("🦞🦞");
    expect(cutToCodePoints("ab", 5)).toBe("ab");
  });
});

describe("configured header values", () => {
  it("are sent unchanged when fetch takes them, Latin-1 included", () => {
    const headers = { "x-portkey-config": "pc-team-1", "x-note": "café" };
    expect(headerSafeRecord(headers)).toBe(headers);
  });

  it("keep their JSON meaning, or are percent-encoded, when they hold what fetch refuses", () => {
    expect(JSON.parse(headerSafeValue('{"team":"Zürich ☃"}'))).toEqual({ team: "Zürich ☃" });
    expect(headerSafeValue("☃ team")).toBe("%E2%98%83 team");
    expect(headerSafeRecord({ a: "ok", b: "line\nbreak" })).toEqual({ a: "ok", b: "line%0Abreak" });
  });
});
