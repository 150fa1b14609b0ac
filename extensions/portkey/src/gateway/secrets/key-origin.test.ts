import type { AuthProfileStore } from "openclaw/plugin-sdk/provider-auth";
import { describe, expect, it } from "vitest";
import { portkeyProfileForConfiguredGateway } from "../../chat/runtime-auth.ts";
import {
  foreignKeyOrigin,
  KeyForAnotherGatewayError,
  keyOriginMetadata,
  profileForGateway,
  profilesForOtherGateways,
} from "./key-origin.ts";

const OLD_GATEWAY = "https://gateway-a.example.com/v1";
const NEW_GATEWAY = "https://gateway-b.example.com/v1";

const store: AuthProfileStore = {
  version: 1,
  profiles: {
    "portkey:default": { type: "api_key", provider: "portkey", key: "pk-old-0001", metadata: keyOriginMetadata(OLD_GATEWAY) },
    "portkey:setup-2": { type: "api_key", provider: "portkey", key: "pk-new-0002", metadata: keyOriginMetadata(NEW_GATEWAY) },
    "portkey:pasted": { type: "api_key", provider: "portkey", key: "pk-pasted-0003" },
  },
};

describe("a Portkey key and the gateway it was stored for", () => {
  it("records the gateway's origin only, so a path or a trailing slash makes no difference", () => {
    expect(keyOriginMetadata("https://gateway-b.example.com/v1/")).toEqual({ portkeyGatewayOrigin: "https://gateway-b.example.com" });
  });

  it("goes to that gateway only; a key stored without an origin goes where the configuration says", () => {
    expect(foreignKeyOrigin("portkey:default", { store }, OLD_GATEWAY)).toBeUndefined();
    expect(foreignKeyOrigin("portkey:default", { store }, NEW_GATEWAY)).toBe("https://gateway-a.example.com");
    expect(foreignKeyOrigin("portkey:pasted", { store }, NEW_GATEWAY)).toBeUndefined();
  });

  it("is refused for another gateway with a message that names origins and the fix, never the key", () => {
    const refusal = new KeyForAnotherGatewayError("portkey:default", "https://gateway-a.example.com", NEW_GATEWAY).message;
    expect(refusal).toMatch(
      /portkey:default was stored for https:\/\/gateway-a\.example\.com, so it is not sent to https:\/\/gateway-b\.example\.com\. Activate the key onboarded for/,
    );
    expect(refusal).not.toContain("pk-old");
  });

  it("is found for a gateway, and the keys of other gateways are listed with theirs", () => {
    expect(profileForGateway(NEW_GATEWAY, { store })).toBe("portkey:setup-2");
    expect(profileForGateway("https://gateway-c.example.com", { store })).toBeUndefined();
    expect(profilesForOtherGateways(NEW_GATEWAY, { store })).toEqual([
      { profileId: "portkey:default", origin: "https://gateway-a.example.com" },
    ]);
  });

  it("makes OpenClaw start a run with the profile stored for the configured gateway", () => {
    const config = { models: { providers: { portkey: { baseUrl: NEW_GATEWAY, models: [] } } } };
    const context = { config, provider: "portkey", modelId: "@openai/gpt-5", authStore: store };
    expect(portkeyProfileForConfiguredGateway({ ...context, profileOrder: ["portkey:default", "portkey:setup-2"] })).toBe(
      "portkey:setup-2",
    );
    // No profile stored for it: OpenClaw's own order stands.
    expect(portkeyProfileForConfiguredGateway({ ...context, profileOrder: ["portkey:default", "portkey:pasted"] })).toBeUndefined();
  });
});
