import { describe, expect, it } from "vitest";
import { InvalidBaseUrlError, normalizePortkeyBaseUrl } from "./base-url.ts";

describe("normalizePortkeyBaseUrl", () => {
  it.each([
    ["https://api.portkey.ai/v1", "https://api.portkey.ai/v1"],
    ["  https://api.portkey.ai/v1/  ", "https://api.portkey.ai/v1"],
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787/v1"],
    ["http://localhost:8787/", "http://localhost:8787/v1"],
    ["https://gateway.internal.example/portkey/v1//", "https://gateway.internal.example/portkey/v1"],
  ])("accepts %s as %s", (input, expected) => {
    expect(normalizePortkeyBaseUrl(input)).toBe(expected);
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["not a url", /not a valid URL/],
    ["ftp://gateway.example/v1", /must use http:\/\/ or https:\/\/, not ftp:/],
    ["file:///etc/passwd", /must use http/],
    ["https://gateway.example/v1?x=1", /query string/],
    ["https://gateway.example/v1#top", /fragment/],
  ])("refuses %j", (input, message) => {
    expect(() => normalizePortkeyBaseUrl(input)).toThrow(InvalidBaseUrlError);
    expect(() => normalizePortkeyBaseUrl(input)).toThrow(message);
  });

  it("refuses credentials without repeating them", () => {
    let error: unknown;
    try {
      normalizePortkeyBaseUrl("https://user:s3cr3t-pass@gateway.example/v1");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidBaseUrlError);
    const message = error instanceof Error ? error.message : "";
    expect(message).toMatch(/must not carry credentials/);
    expect(message).not.toContain("s3cr3t-pass");
    expect(message).not.toContain("user:");
  });

  it("hides all of a password that itself contains @", () => {
    expect(() => normalizePortkeyBaseUrl("https://user:p@ss-word@gateway.example/v1")).toThrow(/"https:\/\/\*\*\*@gateway\.example\/v1"/);
  });

  it("hides all of a password that contains /, which leaves the URL unparsable, and one given without a scheme", () => {
    for (const raw of ["https://user:pa/ss-w0rd@gateway.example/v1", "user:pa/ss-w0rd@gateway.example/v1"]) {
      let message = "";
      try {
        normalizePortkeyBaseUrl(raw);
      } catch (error) {
        message = error instanceof Error ? error.message : "";
      }
      expect(message, raw).not.toBe("");
      expect(message, raw).not.toContain("ss-w0rd");
      expect(message, raw).not.toContain("user:");
    }
  });
});
