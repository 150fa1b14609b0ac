/**
 * The plugin against the real self-hosted Portkey gateway, with two vendor
 * stand-ins behind it: every kind of call, the Portkey Configs users route
 * with, and every failure a vendor can cause. Chat goes through OpenClaw's
 * own transport wrapped by the plugin; images and model listing through the
 * plugin's providers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendPortkeyRequest } from "../../src/gateway/http-client.ts";
import { buildPortkeyImageGenerationProvider } from "../../src/images/image-generation-provider.ts";
import { listPortkeyModelIds } from "../../src/catalog/model-discovery.ts";
import { buildPortkeyHeaders } from "../../src/gateway/request-headers.ts";
import type { ImageGenerationRequest } from "../../src/gateway/sdk-types.ts";
import { TINY_PNG } from "../../harness/fake-portkey-cloud.ts";
import { useIsolatedOpenClawState } from "../support/isolated-openclaw-state.ts";
import { PLUGIN_DIR } from "../../harness/openclaw-cli.ts";
import { chatThroughPlugin } from "../support/plugin-chat.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../../harness/portkey-gateway.ts";
import { startVendorStandIn, type VendorFault, type VendorStandIn } from "../../harness/vendor-stand-in.ts";

const PORTKEY_KEY = "pk-integration-5e1f0c2b";
const LOADBALANCE_CALLS = 200;

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

  it("answers a non-streamed (JSON) chat request sent with the plugin's headers and HTTP client", async () => {
    const response = await sendPortkeyRequest({
      action: "Portkey chat",
      url: `${gateway.baseUrl}/chat/completions`,
      method: "POST",
      headers: { ...(await buildPortkeyHeaders({ apiKey: PORTKEY_KEY, configuredHeaders: vendorA.gatewayHeaders(), traceId: "trace-json-1" })), "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "ping" }], stream: false }),
      timeoutMs: 5_000,
      maxResponseBytes: 1_000_000,
      secrets: [PORTKEY_KEY],
      gateway,
    });
    const completion = JSON.parse(response.body.toString("utf8")) as {
      choices: { message: { content: string }; finish_reason: string }[];
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    expect(completion.choices[0]).toMatchObject({ message: { content: "vendor-a says: pong from gpt-4o-mini" }, finish_reason: "stop" });
    expect(completion.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers["x-portkey-trace-id"]).toBe("trace-json-1");
    expect(vendorA.requests.at(-1)?.headers.authorization).toBe("Bearer sk-vendor-a");
  });

  it("routes by an inline Config the same way", async () => {
    const result = await chat(configHeader(vendorB.configTarget()));
    expect(result.text).toBe("vendor-b says: pong from gpt-4o-mini");
    expect(vendorB.requests.at(-1)?.headers.authorization).toBe("Bearer sk-vendor-b");
  });

  it.each([500, 429])("falls back to the second target when the first answers %i", async (status) => {
    vendorA.failNext({ kind: "status", status });
    const before = { a: vendorA.requests.length, b: vendorB.requests.length };
    const result = await chat(configHeader(fallbackConfig()));
    expect(result.text).toBe("vendor-b says: pong from gpt-4o-mini");
    expect(vendorA.requests.length - before.a).toBe(1);
    expect(vendorB.requests.length - before.b).toBe(1);
  });

  it(`splits ${LOADBALANCE_CALLS} calls by loadbalance weights (70/30 within ±10 points)`, async () => {
    const config = {
      strategy: { mode: "loadbalance" },
      targets: [
        { ...vendorA.configTarget(), weight: 0.7 },
        { ...vendorB.configTarget(), weight: 0.3 },
      ],
    };
    const before = { a: vendorA.requests.length, b: vendorB.requests.length };
    for (let call = 0; call < LOADBALANCE_CALLS; call += 1) {
      const result = await chat(configHeader(config));
      expect(result.message.stopReason).toBe("stop");
    }
    const servedByA = vendorA.requests.length - before.a;
    const servedByB = vendorB.requests.length - before.b;
    expect(servedByA + servedByB).toBe(LOADBALANCE_CALLS);
    const shareA = servedByA / LOADBALANCE_CALLS;
    console.log(`loadbalance 70/30 over ${LOADBALANCE_CALLS} calls: vendor-a ${servedByA}, vendor-b ${servedByB} (share ${shareA.toFixed(3)})`);
    expect(shareA).toBeGreaterThan(0.6);
    expect(shareA).toBeLessThan(0.8);
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

  it("turns request_timeout into a clear timeout failure", async () => {
    vendorA.setFault({ kind: "delay", ms: 3_000 });
    const result = await chat(configHeader({ ...vendorA.configTarget(), request_timeout: 300 }));
    expect(result.message.stopReason).toBe("error");
    expect(result.text).toBe("");
    expect(result.message.errorMessage).toMatch(/408|timed out|timeout/i);
    expect(result.elapsedMs).toBeLessThan(2_500);
  });

  it("applies override_params from the Config", async () => {
    const result = await chat(configHeader({ ...vendorA.configTarget(), override_params: { model: "gpt-4o", temperature: 0.1 } }));
    expect(result.text).toBe("vendor-a says: pong from gpt-4o");
    expect(vendorA.requests.at(-1)?.json).toMatchObject({ model: "gpt-4o", temperature: 0.1 });
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

describe("images and model listing through the plugin and the real gateway", () => {
  const provider = buildPortkeyImageGenerationProvider();
  const request = (headers: Record<string, string>, extra: Partial<ImageGenerationRequest> = {}): ImageGenerationRequest => ({
    provider: "portkey",
    model: "gpt-image-1",
    prompt: "a lighthouse",
    // OpenClaw maps PORTKEY_API_KEY to `portkey` through the manifest of a plugin it has discovered.
    cfg: { plugins: { load: { paths: [PLUGIN_DIR] } }, models: { providers: { portkey: { baseUrl: gateway.baseUrl, models: [], headers } } } },
    ...extra,
  });

  it("generates images with the same configured headers as chat", async () => {
    const result = await provider.generateImage(request(configHeader(vendorA.configTarget()), { count: 2 }));
    expect(result.images).toHaveLength(2);
    expect(result.images[0]?.mimeType).toBe("image/png");
    expect(result.images[0]?.buffer.equals(TINY_PNG)).toBe(true);
    const received = vendorA.requests.at(-1);
    expect(received?.path).toBe("/v1/images/generations");
    expect(received?.headers.authorization).toBe("Bearer sk-vendor-a");
  });

  it("edits an image as multipart/form-data through the gateway", async () => {
    const result = await provider.generateImage(
      request(vendorB.gatewayHeaders(), { inputImages: [{ buffer: TINY_PNG, mimeType: "image/png", fileName: "in.png" }] }),
    );
    expect(result.images[0]?.mimeType).toBe("image/png");
    const received = vendorB.requests.at(-1);
    expect(received?.path).toBe("/v1/images/edits");
    expect(received?.form?.files).toEqual([expect.objectContaining({ name: "image", size: TINY_PNG.length })]);
    expect(received?.headers.authorization).toBe("Bearer sk-vendor-b");
  });

  it.each([
    ["no images", { kind: "images-empty" } as const, /no images/],
    ["invalid base64", { kind: "images-bad-base64" } as const, /invalid base64/],
  ])("refuses an answer with %s instead of writing a broken file", async (_label, fault, message) => {
    vendorA.setFault(fault);
    await expect(provider.generateImage(request(vendorA.gatewayHeaders()))).rejects.toThrow(message);
  });

  it("lists the vendor's models with the configured headers", async () => {
    const ids = await listPortkeyModelIds({
      settings: { baseUrl: gateway.baseUrl, headers: vendorA.gatewayHeaders() },
      apiKey: PORTKEY_KEY,
    });
    expect(ids).toEqual(["gpt-4o", "gpt-4o-mini", "gpt-image-1"]);
    expect(vendorA.requests.at(-1)?.path).toBe("/v1/models");
  });
});
