import { describe, expect, it } from "vitest";
import { buildPortkeyChatHeaderOverrides, buildPortkeyHeaders } from "./request-headers.ts";

describe("buildPortkeyHeaders", () => {
  it("sends the key in x-portkey-api-key", () => {
    expect(buildPortkeyHeaders({ apiKey: "pk-1" })).toEqual({ "x-portkey-api-key": "pk-1" });
  });

  it("keeps every configured header and lets the stored key win over a typed-in one", () => {
    const headers = buildPortkeyHeaders({
      apiKey: "pk-stored",
      configuredHeaders: {
        "x-portkey-provider": "openai",
        "x-portkey-custom-host": "http://127.0.0.1:9000/v1",
        Authorization: "Bearer vendor-key",
        "X-Portkey-Api-Key": "pk-typed",
      },
    });
    expect(headers).toEqual({
      "x-portkey-provider": "openai",
      "x-portkey-custom-host": "http://127.0.0.1:9000/v1",
      Authorization: "Bearer vendor-key",
      "x-portkey-api-key": "pk-stored",
    });
  });
});

describe("buildPortkeyChatHeaderOverrides", () => {
  it("drops OpenClaw's Bearer header so the Portkey key never reaches a vendor", () => {
    expect(buildPortkeyChatHeaderOverrides({ apiKey: "pk-1" })).toEqual({ "x-portkey-api-key": "pk-1", authorization: null });
  });

  it("keeps a vendor Authorization header the user configured", () => {
    const overrides = buildPortkeyChatHeaderOverrides({ apiKey: "pk-1", configuredHeaders: { authorization: "Bearer vendor" } });
    expect(overrides).toEqual({ authorization: "Bearer vendor", "x-portkey-api-key": "pk-1" });
  });
});
