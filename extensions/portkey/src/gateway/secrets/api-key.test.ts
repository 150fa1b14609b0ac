import type { AuthProfileStore } from "openclaw/plugin-sdk/provider-auth";
import { describe, expect, it } from "vitest";
import { useIsolatedOpenClawState } from "../../../test/support/isolated-openclaw-state.ts";
import { PortkeyKeyLookupError, resolvePortkeyApiKey } from "./api-key.ts";

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
});
