import { describe, expect, it } from "vitest";
import { InvalidPluginSettingsError, readPortkeyPluginSettings } from "./plugin-settings.ts";

describe("readPortkeyPluginSettings", () => {
  it("turns attribution on unless the user turned it off", () => {
    expect(readPortkeyPluginSettings(undefined)).toEqual({ attribution: true });
    expect(readPortkeyPluginSettings({})).toEqual({ attribution: true });
    expect(readPortkeyPluginSettings({ attribution: false })).toEqual({ attribution: false });
  });

  it("reads the usage view's workspace", () => {
    expect(readPortkeyPluginSettings({ usageWorkspace: " research " })).toEqual({ attribution: true, usageWorkspace: "research" });
    expect(() => readPortkeyPluginSettings({ usageWorkspace: "" })).toThrow(/invalid at usageWorkspace: expected a Portkey workspace slug/);
  });

  it("reads the admin URL for the usage view, an http(s) URL only", () => {
    expect(readPortkeyPluginSettings({ usageAdminBaseUrl: " https://control.example/v1 " })).toEqual({
      attribution: true,
      usageAdminBaseUrl: "https://control.example/v1",
    });
    expect(() => readPortkeyPluginSettings({ usageAdminBaseUrl: "control.example" })).toThrow(
      /invalid at usageAdminBaseUrl: expected the http\(s\) URL/,
    );
  });

  it("names the setting that is wrong", () => {
    expect(() => readPortkeyPluginSettings({ attribution: "no" })).toThrow(InvalidPluginSettingsError);
    expect(() => readPortkeyPluginSettings({ attribution: "no" })).toThrow(/invalid at attribution/);
    expect(() => readPortkeyPluginSettings({ atribution: false })).toThrow(/plugins\.entries\.portkey\.config is invalid at atribution/);
  });
});
