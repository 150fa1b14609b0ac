import { describe, expect, it } from "vitest";
import { InvalidPortkeyConfigError, parsePortkeyConfig, portkeyConfigHeaderValue } from "./portkey-config.ts";

const fallback = {
  strategy: { mode: "fallback", on_status_codes: [429, 500] },
  targets: [
    {
      provider: "openai",
      custom_host: "http://127.0.0.1:9001/v1",
      api_key: "sk-a",
      retry: { attempts: 2, on_status_codes: [429], use_retry_after_header: true },
    },
    {
      strategy: { mode: "loadbalance" },
      targets: [
        { provider: "openai", custom_host: "http://127.0.0.1:9002/v1", weight: 0.7, override_params: { model: "gpt-4o-mini" } },
        { virtual_key: "openai-backup", weight: 0.3 },
      ],
    },
  ],
  request_timeout: 30_000,
  cache: { mode: "simple", max_age: 60 },
};

describe("parsePortkeyConfig", () => {
  it("accepts a saved Config ID and sends it as is", () => {
    const config = parsePortkeyConfig(" pc-team-routing-1a2b ");
    expect(config).toEqual({ kind: "id", id: "pc-team-routing-1a2b" });
    expect(portkeyConfigHeaderValue(config)).toBe("pc-team-routing-1a2b");
  });

  it("accepts nested fallback and loadbalance Configs, as JSON text or as an object", () => {
    const fromText = parsePortkeyConfig(JSON.stringify(fallback));
    expect(fromText).toEqual({ kind: "inline", config: fallback });
    expect(parsePortkeyConfig(fallback)).toEqual(fromText);
    expect(JSON.parse(portkeyConfigHeaderValue(fromText))).toEqual(fallback);
  });

  it("accepts a single-provider Config for a self-hosted gateway", () => {
    const single = { provider: "openai", custom_host: "http://127.0.0.1:9000/v1", api_key: "sk-vendor" };
    expect(parsePortkeyConfig(single)).toEqual({ kind: "inline", config: single });
  });

  it("accepts a conditional strategy with conditions and a default", () => {
    const conditional = {
      // oxlint-disable-next-line unicorn/no-thenable -- Portkey's Config schema names the condition's target "then"
      strategy: { mode: "conditional", conditions: [{ query: { "metadata.team": { $eq: "growth" } }, then: "fast" }], default: "safe" },
      targets: [
        { name: "fast", provider: "openai" },
        { name: "safe", provider: "anthropic" },
      ],
    };
    expect(parsePortkeyConfig(conditional).kind).toBe("inline");
  });

  it.each([
    ["an unknown strategy mode", { strategy: { mode: "round-robin" }, targets: [{ provider: "openai" }] }, /at strategy\.mode/],
    ["retry attempts above Portkey's limit", { retry: { attempts: 9 } }, /at retry\.attempts/],
    [
      "a status code that is not one",
      { strategy: { mode: "fallback", on_status_codes: [42] }, targets: [{}] },
      /at strategy\.on_status_codes\[0\]/,
    ],
    [
      "a bad nested target",
      { strategy: { mode: "fallback" }, targets: [{ provider: "openai" }, { weight: -1 }] },
      /at targets\[1\]\.weight/,
    ],
    ["targets without a strategy", { targets: [{ provider: "openai" }] }, /at strategy: `targets` need a `strategy`/],
    ["a strategy without targets", { strategy: { mode: "fallback" } }, /at targets: a strategy needs `targets`/],
    ["a conditional strategy without conditions", { strategy: { mode: "conditional" }, targets: [{ provider: "openai" }] }, /conditions/],
    ["a custom host that is not http(s)", { provider: "openai", custom_host: "ftp://vendor" }, /at custom_host/],
    ["a request timeout of zero", { request_timeout: 0 }, /at request_timeout/],
  ])("refuses %s and names the path", (_label, config, message) => {
    expect(() => parsePortkeyConfig(config)).toThrow(InvalidPortkeyConfigError);
    expect(() => parsePortkeyConfig(config)).toThrow(message);
  });

  it("refuses text that is neither an ID nor JSON, and JSON that does not parse", () => {
    expect(() => parsePortkeyConfig("team-routing")).toThrow(/neither a Config ID \(pc-…\) nor a JSON object/);
    expect(() => parsePortkeyConfig('{"retry": ')).toThrow(/not valid JSON/);
  });

  it("never repeats the text it refuses, which may hold a vendor key", () => {
    for (const input of ['{"api_key": sk-live-abcdef123456}', "sk-live-abcdef123456"]) {
      const refusal = (() => {
        try {
          parsePortkeyConfig(input);
          return undefined;
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(InvalidPortkeyConfigError);
      expect(String(refusal)).not.toContain("sk-live");
    }
  });
});
