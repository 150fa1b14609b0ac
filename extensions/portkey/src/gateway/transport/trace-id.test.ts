import { describe, expect, it } from "vitest";
import { portkeyTraceId } from "./trace-id.ts";

describe("portkeyTraceId", () => {
  it("is stable for a session and differs between sessions", () => {
    expect(portkeyTraceId({ sessionId: "s-1", requestId: "r-1" })).toBe("openclaw-session-s-1");
    expect(portkeyTraceId({ sessionId: "s-2" })).not.toBe(portkeyTraceId({ sessionId: "s-1" }));
  });

  it("gives a call without a session its own id: OpenClaw's request id, else a new one each call", () => {
    expect(portkeyTraceId({ requestId: "r-7" })).toBe("openclaw-request-r-7");
    const first = portkeyTraceId();
    expect(first).toMatch(/^openclaw-call-[0-9a-f-]{36}$/);
    expect(portkeyTraceId({ sessionId: "  " })).not.toBe(first);
  });

  it("stays within Portkey's header size", () => {
    expect(portkeyTraceId({ sessionId: "x".repeat(500) }).length).toBe(128);
    expect(portkeyTraceId({ requestId: "x".repeat(500) }).length).toBe(128);
  });

  it("is a valid header value for every session id, encoded so Portkey's logs show it as written", () => {
    const id = portkeyTraceId({ sessionId: "Résumé-☃-日本\r\nx" });
    expect(id).toBe("openclaw-session-R%C3%A9sum%C3%A9-%E2%98%83-%E6%97%A5%E6%9C%AC%0D%0Ax");
    expect(() => new Headers({ "x-portkey-trace-id": id })).not.toThrow();
    expect(portkeyTraceId({ sessionId: "🦞".repeat(100) }).length).toBeLessThanOrEqual(128);
  });
});
