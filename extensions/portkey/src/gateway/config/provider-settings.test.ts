import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { describe, expect, it } from "vitest";
import { readPortkeySettings } from "./provider-settings.ts";
import type { ModelProviderConfig } from "../../sdk-types.ts";

function withPortkeyBlock(block: Omit<ModelProviderConfig, "models">): OpenClawConfig {
  return { models: { providers: { portkey: { ...block, models: [] } } } };
}

describe("readPortkeySettings", () => {
  it("uses Portkey cloud when there is no Portkey block", () => {
    expect(readPortkeySettings(undefined)).toEqual({ baseUrl: "https://api.portkey.ai/v1", headers: {} });
    expect(readPortkeySettings({ models: { providers: { openai: { baseUrl: "https://api.openai.com/v1", models: [] } } } })).toEqual({
      baseUrl: "https://api.portkey.ai/v1",
      headers: {},
    });
  });

  it("normalizes the configured base URL", () => {
    expect(readPortkeySettings(withPortkeyBlock({ baseUrl: "http://127.0.0.1:8787" })).baseUrl).toBe("http://127.0.0.1:8787/v1");
    expect(readPortkeySettings(withPortkeyBlock({ baseUrl: " https://gateway.example/v1/ " })).baseUrl).toBe("https://gateway.example/v1");
  });

  it("keeps plain-text headers and leaves out secret references", () => {
    const settings = readPortkeySettings(
      withPortkeyBlock({
        baseUrl: "https://api.portkey.ai/v1",
        headers: {
          "x-portkey-provider": "openai",
          "x-portkey-config": "pc-team-1",
          "x-portkey-virtual-key": { source: "env", provider: "default", id: "PORTKEY_VIRTUAL_KEY" },
        },
      }),
    );
    expect(settings.headers).toEqual({ "x-portkey-provider": "openai", "x-portkey-config": "pc-team-1" });
  });
});
