import { describe, expect, it } from "vitest";
import { buildPortkeyMetadata } from "./attribution.ts";

const parse = (value: string | undefined) => (value === undefined ? undefined : (JSON.parse(value) as Record<string, string>));

describe("buildPortkeyMetadata", () => {
  it("names the agent and session and keeps the user's keys, which win on a clash", () => {
    const value = buildPortkeyMetadata({
      context: { agentId: "main", sessionId: "s-1" },
      configured: { team: "growth", environment: "prod", _user: "ana", openclaw_agent_id: "renamed" },
      secrets: [],
    });
    expect(parse(value)).toEqual({ openclaw_agent_id: "renamed", openclaw_session_id: "s-1", team: "growth", environment: "prod", _user: "ana" });
  });

  it("sends nothing when there is nothing to attribute", () => {
    expect(buildPortkeyMetadata({ context: {}, secrets: [] })).toBeUndefined();
  });

  it("never carries credentials: secret-looking keys and values holding a secret are dropped", () => {
    const value = buildPortkeyMetadata({
      context: { sessionId: "s-2" },
      configured: { api_key: "sk-1", authToken: "t", note: "uses pk-live-123456", team: "core" },
      secrets: ["pk-live-123456"],
    });
    expect(parse(value)).toEqual({ openclaw_session_id: "s-2", team: "core" });
  });

  it("stays within Portkey's limits: string values, 128 characters each, a bounded number of keys", () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`k${index}`, String(index)]));
    const value = parse(buildPortkeyMetadata({ context: { sessionId: "x".repeat(500) }, configured: many, secrets: [] }));
    expect(Object.keys(value ?? {})).toHaveLength(16);
    expect(value?.openclaw_session_id).toHaveLength(128);
    expect(value?.k0).toBe("0");
  });
});
