import { describe, expect, it } from "vitest";
import { portkeyModelIdHint } from "./model-id-hint.ts";

describe("portkeyModelIdHint", () => {
  it("tells Portkey cloud users to name models @slug/model", () => {
    expect(portkeyModelIdHint("gpt-4o", "https://api.portkey.ai/v1")).toMatch(
      /@<integration-slug>\/<model>.*models list --provider portkey --refresh/,
    );
    expect(portkeyModelIdHint("portkey/gpt-4o", "https://api.portkey.ai/v1")).toBeDefined();
  });

  it("says nothing for catalog ids or for self-hosted gateways", () => {
    expect(portkeyModelIdHint("@openai-prod/gpt-4o", "https://api.portkey.ai/v1")).toBeUndefined();
    expect(portkeyModelIdHint("gpt-4o", "http://127.0.0.1:8787/v1")).toBeUndefined();
  });
});
