import { describe, expect, it } from "vitest";
import { classifyPortkeyFailover } from "./failover.ts";

const failure = (status: number | undefined, errorMessage = "failed") => ({ provider: "portkey", status, errorMessage });

describe("classifyPortkeyFailover", () => {
  it.each([
    [401, "auth"],
    [403, "empty_response"],
    [408, "empty_response"],
    [412, "empty_response"],
    [429, "empty_response"],
    [446, "format"],
    [500, "empty_response"],
    [502, "empty_response"],
    [503, "empty_response"],
    [504, "empty_response"],
  ])("maps HTTP %i to %s", (status, reason) => {
    expect(classifyPortkeyFailover(failure(status))).toBe(reason);
  });

  it("treats a stream cut short as an empty answer rather than a timeout", () => {
    expect(classifyPortkeyFailover(failure(undefined, "Stream ended without finish_reason"))).toBe("empty_response");
    expect(classifyPortkeyFailover(failure(undefined, "Portkey's stream ended before the model finished (…)"))).toBe("empty_response");
  });

  it("leaves other failures to OpenClaw", () => {
    expect(classifyPortkeyFailover(failure(400, "bad request"))).toBeUndefined();
    expect(classifyPortkeyFailover(failure(404, "model not found"))).toBeUndefined();
    expect(classifyPortkeyFailover(failure(undefined, "socket hang up"))).toBeUndefined();
  });
});
