import { describe, expect, it } from "vitest";
import { buildPortkeyMetadata } from "./attribution.ts";

const parse = (value: string | undefined) => (value === undefined ? undefined : (JSON.parse(value) as Record<string, string>));

describe("buildPortkeyMetadata", () => {
  it("names the agent and session and keeps the user's keys, which win on a clash", () => {
    const value = buildPortkeyMetadata({
      context: { surface: "agent", agentId: "main", sessionId: "s-1" },
      configured: { team: "growth", environment: "prod", _user: "ana", openclaw_agent_id: "renamed" },
      secrets: [],
    });
    expect(parse(value)).toEqual({
      openclaw_surface: "agent",
      openclaw_agent_id: "renamed",
      openclaw_session_id: "s-1",
      team: "growth",
      environment: "prod",
      _user: "ana",
    });
  });

  it("names the surface even where OpenClaw has no agent or session (infer, images, listing)", () => {
    expect(parse(buildPortkeyMetadata({ context: { surface: "image" }, secrets: [] }))).toEqual({ openclaw_surface: "image" });
  });

  it("never carries credentials: secret-looking keys and values holding a secret are dropped", () => {
    const value = buildPortkeyMetadata({
      context: { surface: "agent", sessionId: "s-2" },
      configured: { api_key: "sk-1", authToken: "t", note: "uses pk-live-123456", team: "core" },
      secrets: ["pk-live-123456"],
    });
    expect(parse(value)).toEqual({ openclaw_surface: "agent", openclaw_session_id: "s-2", team: "core" });
  });

  it("stays within Portkey's limits: string values, 128 characters each, a bounded number of keys", () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`k${index}`, String(index)]));
    const value = parse(buildPortkeyMetadata({ context: { surface: "agent", sessionId: "x".repeat(500) }, configured: many, secrets: [] }));
    expect(Object.keys(value ?? {})).toHaveLength(16);
    expect(value?.openclaw_session_id).toHaveLength(128);
    expect(value?.k0).toBe("0");
  });

  it("is a valid header value for an agent, session or configured value in every script, and Portkey reads them as written", () => {
    const header = buildPortkeyMetadata({
      context: { surface: "agent", agentId: "Résumé-☃", sessionId: "日本\r\n🦞".repeat(60) },
      configured: { team: "Zürich" },
      secrets: [],
    });
    expect(() => new Headers({ "x-portkey-metadata": header ?? "" })).not.toThrow();
    const value = parse(header);
    expect(value).toMatchObject({ openclaw_agent_id: "Résumé-☃", team: "Zürich" });
    // Cut at 128 code points, never inside the lobster's surrogate pair.
    expect(Array.from(value?.openclaw_session_id ?? "")).toHaveLength(128);
    expect(value?.openclaw_session_id).not.toMatch(/[\ud800-\udbff]$/);
  });
});
