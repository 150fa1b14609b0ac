import { describe, expect, it } from "vitest";
import { extractPortkeyErrorMessage, portkeyHttpError, PortkeyHttpError } from "./errors.ts";
import { redactSecrets } from "./redact.ts";

describe("extractPortkeyErrorMessage", () => {
  it("reads Portkey's own failure shape", () => {
    expect(extractPortkeyErrorMessage('{"status":"failure","message":"Invalid API Key. Error Code: 03."}')).toBe(
      "Invalid API Key. Error Code: 03.",
    );
  });

  it("reads the OpenAI shape Portkey uses for upstream errors", () => {
    const body = JSON.stringify({
      error: { message: "openai error: model not found", type: "invalid_request_error", code: null },
      provider: "openai",
    });
    expect(extractPortkeyErrorMessage(body)).toBe("openai error: model not found");
  });

  it("keeps a short excerpt of a body that is not JSON", () => {
    expect(extractPortkeyErrorMessage("<html>\n Bad   gateway </html>")).toBe("<html> Bad gateway </html>");
    expect(extractPortkeyErrorMessage("x".repeat(2000))).toHaveLength(501);
  });
});

describe("portkeyHttpError", () => {
  it("names the action, the status and Portkey's message, and hints at the key on 401", () => {
    const error = portkeyHttpError({
      action: "Portkey image generation",
      status: 401,
      body: '{"status":"failure","message":"Invalid API Key. Error Code: 03."}',
      secrets: [],
    });
    expect(error).toBeInstanceOf(PortkeyHttpError);
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      "Portkey image generation failed: Portkey returned HTTP 401: Invalid API Key. Error Code: 03. Check the Portkey API key (PORTKEY_API_KEY or --portkey-api-key).",
    );
  });
});

describe("secrets in long and encoded error bodies", () => {
  const key = "pk-live-0123456789abcdef0123";

  it("redacts a key that straddles the 500-character cut, leaving no part of it", () => {
    // The key starts 10 characters before the cut: truncating first would keep "pk-live-01".
    const body = JSON.stringify({ error: { message: `${"x".repeat(490)}${key} was refused` } });
    const message = portkeyHttpError({ action: "Portkey model listing", status: 400, body, secrets: [key] }).message;
    expect(message).not.toContain(key.slice(0, 8));
    expect(message).toContain("[redacted]");
  });

  it("redacts the JSON-escaped and URL-encoded forms of every configured secret", () => {
    const vendorKey = 'sk-vendor/"quoted"+key=';
    const body = `upstream said: ${JSON.stringify(vendorKey)} and ?key=${encodeURIComponent(vendorKey)} and ${key}`;
    const detail = extractPortkeyErrorMessage(body, [key, vendorKey]);
    expect(detail).not.toContain(key);
    expect(detail).not.toContain("sk-vendor");
    expect(detail.match(/\[redacted\]/g)).toHaveLength(3);
  });

  it("redacts a secret that only appears once the body's JSON is unescaped", () => {
    const vendorKey = "sk-slash/key-42";
    const body = `{"error":{"message":"bad key sk-slash\\/key-42"}}`;
    expect(JSON.parse(body).error.message).toContain(vendorKey);
    expect(extractPortkeyErrorMessage(body, [vendorKey])).toBe("bad key [redacted]");
  });
});

describe("redactSecrets", () => {
  it("ignores empty and very short secrets so that it cannot blank out ordinary text", () => {
    expect(redactSecrets("a b c", ["", undefined, "a"])).toBe("a b c");
  });
});
