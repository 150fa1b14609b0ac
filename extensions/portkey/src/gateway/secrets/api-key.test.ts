import type { AuthProfileStore } from "openclaw/plugin-sdk/provider-auth";
import { describe, expect, it } from "vitest";
import { useIsolatedOpenClawState } from "../../../test/support/isolated-openclaw-state.ts";
import { PortkeyKeyLookupError, resolvePortkeyApiKey } from "./api-key.ts";
import { KeyForAnotherGatewayError, keyOriginMetadata } from "./key-origin.ts";

useIsolatedOpenClawState();

const UNSET_VARIABLE = "PORTKEY_KEY_TEST_UNSET_7c1e";

function storeWith(profiles: AuthProfileStore["profiles"]): AuthProfileStore {
  return { version: 1, profiles };
}

describe("resolvePortkeyApiKey", () => {
  it("says the stored key could not be read, and how to fix it, when its secret reference does not resolve", async () => {
    delete process.env[UNSET_VARIABLE];
    const store = storeWith({
      "portkey:default": { type: "api_key", provider: "portkey", keyRef: { source: "env", provider: "default", id: UNSET_VARIABLE } },
    });
    const lookup = resolvePortkeyApiKey({
      store,
      baseUrl: "https://api.portkey.ai/v1",
      cfg: { auth: { profiles: { "portkey:default": { provider: "portkey", mode: "api_key" } } } },
    });
    await expect(lookup).rejects.toBeInstanceOf(PortkeyKeyLookupError);
    await expect(lookup).rejects.toThrow(/could not read the stored Portkey API key.*set that variable.*paste-api-key --provider portkey/);
  });

  it("passes over a key stored for another gateway: the key stored for this gateway is used, and with none the error names the fix", async () => {
    const gatewayA = "https://gateway-a.example.com/v1";
    const gatewayB = "https://gateway-b.example.com/v1";
    const store = storeWith({
      "portkey:default": { type: "api_key", provider: "portkey", key: "pk-for-a-0001", metadata: keyOriginMetadata(gatewayA) },
      "portkey:setup-2": { type: "api_key", provider: "portkey", key: "pk-for-b-0002", metadata: keyOriginMetadata(gatewayB) },
    });
    const cfg = {
      auth: {
        profiles: {
          "portkey:default": { provider: "portkey", mode: "api_key" as const },
          "portkey:setup-2": { provider: "portkey", mode: "api_key" as const },
        },
      },
    };
    expect(await resolvePortkeyApiKey({ store, cfg, baseUrl: gatewayA })).toBe("pk-for-a-0001");
    expect(await resolvePortkeyApiKey({ store, cfg, baseUrl: gatewayB })).toBe("pk-for-b-0002");
    const elsewhere = resolvePortkeyApiKey({ store, cfg, baseUrl: "https://gateway-c.example.com/v1" });
    await expect(elsewhere).rejects.toBeInstanceOf(KeyForAnotherGatewayError);
    await expect(elsewhere).rejects.toThrow(/so it is not sent to https:\/\/gateway-c\.example\.com/);
  });
});
