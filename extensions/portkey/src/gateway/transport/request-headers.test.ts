import { describe, expect, it } from "vitest";
import { buildPortkeyHeaders, requestSecrets } from "./request-headers.ts";

describe("buildPortkeyHeaders", () => {
  it("keeps every configured header, a configured trace id included, and lets the stored key win over a typed-in one", async () => {
    const headers = await buildPortkeyHeaders({
      apiKey: "pk-stored",
      traceId: "t-1",
      configuredHeaders: {
        "x-portkey-provider": "openai",
        "x-portkey-custom-host": "http://127.0.0.1:9000/v1",
        Authorization: "Bearer vendor-key",
        "X-Portkey-Api-Key": "pk-typed",
        "X-Portkey-Trace-Id": "team-trace",
      },
    });
    expect(headers).toEqual({
      "x-portkey-provider": "openai",
      "x-portkey-custom-host": "http://127.0.0.1:9000/v1",
      Authorization: "Bearer vendor-key",
      "X-Portkey-Trace-Id": "team-trace",
      "x-portkey-api-key": "pk-stored",
    });
  });
});

describe("attribution and Configs in the headers", () => {
  it("merges the agent and session into the user's x-portkey-metadata", async () => {
    const headers = await buildPortkeyHeaders({
      apiKey: "pk-1",
      traceId: "t-1",
      configuredHeaders: { "X-Portkey-Metadata": '{"team":"growth"}' },
      attribution: { surface: "agent", agentId: "main", sessionId: "s-9" },
    });
    expect(headers).not.toHaveProperty("X-Portkey-Metadata");
    expect(JSON.parse(headers["x-portkey-metadata"] ?? "{}")).toEqual({
      openclaw_surface: "agent",
      openclaw_agent_id: "main",
      openclaw_session_id: "s-9",
      team: "growth",
    });
  });

  it("passes the user's metadata through untouched when attribution is off", async () => {
    const headers = await buildPortkeyHeaders({
      apiKey: "pk-1",
      traceId: "t-1",
      configuredHeaders: { "x-portkey-metadata": '{"team":"growth"}' },
    });
    expect(headers["x-portkey-metadata"]).toBe('{"team":"growth"}');
  });

  it("refuses a configured Config that is wrong, naming the setting and the path, before any request", async () => {
    const build = buildPortkeyHeaders({
      apiKey: "pk-1",
      traceId: "t-1",
      configuredHeaders: { "x-portkey-config": '{"retry":{"attempts":-1}}' },
    });
    await expect(build).rejects.toThrow(
      /^models\.providers\.portkey\.headers\.x-portkey-config: Portkey Config is invalid at retry\.attempts/,
    );
    expect(
      await buildPortkeyHeaders({ apiKey: "pk-1", traceId: "t-1", configuredHeaders: { "x-portkey-config": "pc-ok-1" } }),
    ).toMatchObject({
      "x-portkey-config": "pc-ok-1",
    });
  });
});

describe("requestSecrets", () => {
  it("lists the key, configured credential headers and vendor keys inside a configured Config", async () => {
    const secrets = requestSecrets("pk-1", {
      Authorization: "Bearer sk-vendor-123",
      "x-portkey-config": JSON.stringify({ strategy: { mode: "fallback" }, targets: [{ api_key: "sk-a-1" }, { api_key: "sk-b-2" }] }),
      "x-team": "growth",
      "x-portkey-provider": "openai",
      "x-vendor-api-key": "vk-9",
    });
    expect(secrets).toEqual(expect.arrayContaining(["pk-1", "Bearer sk-vendor-123", "sk-vendor-123", "sk-a-1", "sk-b-2", "vk-9"]));
    expect(secrets).not.toContain("growth");
    expect(secrets).not.toContain("openai");
  });
});
