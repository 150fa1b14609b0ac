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
});
