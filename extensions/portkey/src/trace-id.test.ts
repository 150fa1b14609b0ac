import { describe, expect, it } from "vitest";
import { portkeyTraceId } from "./trace-id.ts";

describe("portkeyTraceId", () => {
  it("is stable for a session and differs between sessions", () => {
    expect(portkeyTraceId("s-1")).toBe("openclaw-session-s-1");
    expect(portkeyTraceId("s-1")).toBe(portkeyTraceId("s-1"));
    expect(portkeyTraceId("s-2")).not.toBe(portkeyTraceId("s-1"));
  });

  it("uses one id per process when there is no session", () => {
    expect(portkeyTraceId()).toMatch(/^openclaw-run-[0-9a-f-]{36}$/);
    expect(portkeyTraceId("  ")).toBe(portkeyTraceId(undefined));
  });

  it("stays within Portkey's header size", () => {
    expect(portkeyTraceId("x".repeat(500)).length).toBe(128);
  });
});
