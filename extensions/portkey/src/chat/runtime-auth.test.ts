import type { ProviderPrepareRuntimeAuthContext } from "openclaw/plugin-sdk/plugin-entry";
import { CUSTOM_LOCAL_AUTH_MARKER } from "openclaw/plugin-sdk/provider-auth";
import { describe, expect, it } from "vitest";
import { buildPortkeyModel } from "../catalog/model-catalog.ts";
import { preparePortkeyRuntimeAuth } from "./runtime-auth.ts";

function runtimeAuthContext(apiKey: string, profileId?: string): ProviderPrepareRuntimeAuthContext {
  return {
    env: {},
    provider: "portkey",
    modelId: "@openai/gpt-4o",
    model: buildPortkeyModel({ modelId: "@openai/gpt-4o", baseUrl: "http://127.0.0.1:8787/v1" }),
    apiKey,
    authMode: "api-key",
    ...(profileId ? { profileId } : {}),
  };
}

describe("preparePortkeyRuntimeAuth", () => {
  it("sends the credential OpenClaw resolved for the run as x-portkey-api-key", async () => {
    expect(await preparePortkeyRuntimeAuth(runtimeAuthContext(" pk-activated-1 ", "portkey:setup-1"))).toEqual({
      apiKey: "pk-activated-1",
      request: { headers: { "x-portkey-api-key": "pk-activated-1" } },
    });
  });

  it("adds nothing for OpenClaw's no-credential marker after a profile rotation, so the stored key is used", async () => {
    expect(await preparePortkeyRuntimeAuth(runtimeAuthContext(CUSTOM_LOCAL_AUTH_MARKER))).toBeUndefined();
    expect(await preparePortkeyRuntimeAuth(runtimeAuthContext("   "))).toBeUndefined();
  });
});
