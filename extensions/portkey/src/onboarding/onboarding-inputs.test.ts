import { describe, expect, it } from "vitest";
import { InvalidOnboardingInputError, readOnboardingInputs, requestedBaseUrl } from "./onboarding-inputs.ts";

describe("requestedBaseUrl", () => {
  it("prefers --custom-base-url, then PORTKEY_GATEWAY_URL, and names the source", () => {
    const env = { PORTKEY_GATEWAY_URL: "http://127.0.0.1:8787" };
    expect(requestedBaseUrl({ customBaseUrl: "https://gw.example/v1/" }, env)).toEqual({
      baseUrl: "https://gw.example/v1",
      source: "--custom-base-url",
    });
    expect(requestedBaseUrl({}, env)).toEqual({ baseUrl: "http://127.0.0.1:8787/v1", source: "PORTKEY_GATEWAY_URL" });
    expect(requestedBaseUrl({}, { PORTKEY_GATEWAY_URL: "  " })).toBeUndefined();
    expect(requestedBaseUrl(undefined, {})).toBeUndefined();
  });

  it("says which input holds a bad URL", () => {
    expect(() => requestedBaseUrl({ customBaseUrl: "ftp://gw" }, {})).toThrow(
      /^--custom-base-url: Portkey base URL "ftp:\/\/gw" must use http/,
    );
    expect(() => requestedBaseUrl({}, { PORTKEY_GATEWAY_URL: "gw:8787 please" })).toThrow(/^PORTKEY_GATEWAY_URL: /);
  });
});

describe("readOnboardingInputs", () => {
  it("turns --portkey-config into the x-portkey-config header", () => {
    expect(readOnboardingInputs({ portkeyConfig: "pc-routing-7" }, {})).toEqual({ headers: { "x-portkey-config": "pc-routing-7" } });
    const inline = { provider: "openai", custom_host: "http://127.0.0.1:9000/v1" };
    expect(readOnboardingInputs({ portkeyConfig: JSON.stringify(inline), customBaseUrl: "http://127.0.0.1:8787" }, {})).toEqual({
      baseUrl: "http://127.0.0.1:8787/v1",
      headers: { "x-portkey-config": JSON.stringify(inline) },
    });
  });

  it("refuses a wrong Config with the flag and the bad path", () => {
    const run = () => readOnboardingInputs({ portkeyConfig: '{"retry":{"attempts":"3"}}' }, {});
    expect(run).toThrow(InvalidOnboardingInputError);
    expect(run).toThrow(/^--portkey-config: Portkey Config is invalid at retry\.attempts/);
  });

  it("asks for nothing when no flag or variable is given", () => {
    expect(readOnboardingInputs({ portkeyApiKey: "pk-1" }, {})).toEqual({ headers: {} });
  });
});
