/**
 * Chat through the plugin and the real self-hosted Portkey gateway, with two
 * vendor stand-ins behind it: the routing users configure (headers, Configs,
 * fallback, retry-after) and every failure a vendor can cause. Chat goes
 * through OpenClaw's own transport wrapped by the plugin.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useIsolatedOpenClawState } from "../support/isolated-openclaw-state.ts";
import { chatThroughPlugin } from "../support/plugin-chat.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../harness/portkey-gateway.ts";
import { startVendorStandIn, type VendorFault, type VendorStandIn } from "../harness/vendor-stand-in.ts";

const PORTKEY_KEY = "pk-integration-5e1f0c2b";

let gateway: PortkeyGateway;
let vendorA: VendorStandIn;
let vendorB: VendorStandIn;

useIsolatedOpenClawState({ portkeyApiKey: PORTKEY_KEY });

beforeAll(async () => {
  [vendorA, vendorB] = await Promise.all([
    startVendorStandIn({ name: "vendor-a", apiKey: "sk-vendor-a" }),
    startVendorStandIn({ name: "vendor-b", apiKey: "sk-vendor-b" }),
  ]);
  gateway = await startPortkeyGateway();
});

afterEach(() => {
  vendorA.setFault(undefined);
  vendorB.setFault(undefined);
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([vendorA?.close(), vendorB?.close()]);
});

function configHeader(config: object): Record<string, string> {
  return { "x-portkey-config": JSON.stringify(config) };
}

const fallbackConfig = () => ({
  strategy: { mode: "fallback", on_status_codes: [429, 500, 502, 503] },
  targets: [vendorA.configTarget(), vendorB.configTarget()],
});

function chat(headers: Record<string, string>, modelId?: string) {
  return chatThroughPlugin({ baseUrl: gateway.baseUrl, apiKey: PORTKEY_KEY, headers, ...(modelId ? { modelId } : {}) });
}

describe("chat through the plugin and the real gateway", () => {
  it("streams an answer with usage, routed by provider headers, and the vendor gets its own key", async () => {
    const before = vendorA.requests.length;
    const result = await chat(vendorA.gatewayHeaders());
    expect(result.text).toBe("vendor-a says: pong from gpt-4o-mini");
    expect(result.message.stopReason).toBe("stop");
    expect(result.eventTypes).toContain("text_delta");
    expect(result.message.usage.input).toBeGreaterThan(0);
    expect(result.message.usage.output).toBeGreaterThan(0);

    const received = vendorA.requests.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.authorization).toBe("Bearer sk-vendor-a");
    expect(received[0]?.headers).not.toHaveProperty("x-portkey-api-key");
    expect(received[0]?.json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("routes by an inline Config the same way", async () => {
    const result = await chat(configHeader(vendorB.configTarget()));
    expect(result.text).toBe("vendor-b says: pong from gpt-4o-mini");
    expect(vendorB.requests.at(-1)?.headers.authorization).toBe("Bearer sk-vendor-b");
  });

  it("retries a 429 after the vendor's retry-after-ms, well before the default 1 s backoff", async () => {
    vendorA.failNext({ kind: "status", status: 429, headers: { "retry-after-ms": "50" } });
    const before = vendorA.requests.length;
    const config = { ...vendorA.configTarget(), retry: { attempts: 2, on_status_codes: [429], use_retry_after_header: true } };
    const result = await chat(configHeader(config));
    expect(result.text).toBe("vendor-a says: pong from gpt-4o-mini");
    expect(vendorA.requests.length - before).toBe(2);
    expect(result.elapsedMs).toBeLessThan(800);
  });
});

describe("every vendor failure ends in a clear error, never a hang or a partial answer", () => {
  const faults: [string, VendorFault, RegExp][] = [
    ["500", { kind: "status", status: 500 }, /500/],
    ["503", { kind: "status", status: 503 }, /503/],
    ["429 without retries", { kind: "status", status: 429, headers: { "retry-after": "1" } }, /429/],
    ["412 budget exhausted", { kind: "status", status: 412 }, /412/],
    ["401 wrong vendor key", { kind: "status", status: 401 }, /401/],
    ["a dropped connection", { kind: "drop" }, /.+/],
    ["a reset mid-stream", { kind: "reset-mid-stream", afterChunks: 2 }, /finish_reason|terminated|socket|closed/i],
    ["a truncated stream", { kind: "truncate-stream", afterChunks: 2 }, /ended before the model finished/],
    ["malformed JSON", { kind: "malformed-json" }, /.+/],
    ["empty choices", { kind: "empty-choices" }, /empty answer/],
  ];

  it.each(faults)("%s", async (_label, fault, message) => {
    vendorA.setFault(fault);
    const result = await chat(vendorA.gatewayHeaders());
    expect(result.message.stopReason).toBe("error");
    expect(result.text).toBe("");
    expect(result.message.errorMessage ?? "").toMatch(message);
    expect(result.message.errorMessage ?? "").not.toContain(PORTKEY_KEY);
  });

  it("is served by the second target instead when a fallback Config covers the failure", async () => {
    vendorA.setFault({ kind: "status", status: 503 });
    const result = await chat(configHeader(fallbackConfig()));
    expect(result.text).toBe("vendor-b says: pong from gpt-4o-mini");
  });
});
