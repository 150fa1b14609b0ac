import { describe, expect, it } from "vitest";
import { extractPortkeyErrorMessage, portkeyHttpError, PortkeyHttpError, redactSecrets } from "./errors.ts";

describe("extractPortkeyErrorMessage", () => {
  it("reads Portkey's own failure shape", () => {
    expect(extractPortkeyErrorMessage('{"status":"failure","message":"Invalid API Key. Error Code: 03."}')).toBe(
      "Invalid API Key. Error Code: 03.",
    );
  });

  it("reads the OpenAI shape Portkey uses for upstream errors", () => {
    const body = JSON.stringify({ error: { message: "openai error: model not found", type: "invalid_request_error", code: null }, provider: "openai" });
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

  it("never repeats the key, even when the server echoes it", () => {
    const key = "pk-live-abcdef123456";
    const error = portkeyHttpError({ action: "Portkey model listing", status: 400, body: `{"message":"bad key ${key}"}`, secrets: [key] });
    expect(error.message).not.toContain(key);
    expect(error.message).toContain("[redacted]");
  });
});

describe("redactSecrets", () => {
  it("ignores empty and very short secrets so that it cannot blank out ordinary text", () => {
    expect(redactSecrets("a b c", ["", undefined, "a"])).toBe("a b c");
  });
});
