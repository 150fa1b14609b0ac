/**
 * The Portkey wire contract the plugin relies on, run against both the
 * Portkey cloud stand-in and the real self-hosted gateway (1.15.2, in front of
 * the vendor stand-in). The same assertions pass on both, which is what
 * proves the cloud stand-in answers as Portkey does wherever both can be
 * asked. Requests are made with the plugin's own header builder and HTTP
 * client, so the contract is the one the plugin meets.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPortkeyModelIds } from "../../src/catalog/model-discovery.ts";
import { PortkeyHttpError } from "../../src/gateway/transport/errors.ts";
import { sendPortkeyRequest, type PortkeyRequest } from "../../src/gateway/transport/http-client.ts";
import { buildPortkeyHeaders, type HeaderMap } from "../../src/gateway/transport/request-headers.ts";
import { decodeImagesResponse } from "../../src/images/image-response.ts";
import { pngSize } from "../harness/picture-png.ts";
import { startFakePortkeyCloud, TINY_PNG, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../harness/portkey-gateway.ts";
import { startVendorStandIn, type VendorStandIn } from "../harness/vendor-stand-in.ts";

const PORTKEY_KEY = "pk-contract-7a41";
const VENDOR_KEY = "sk-contract-vendor-2b9e";

interface Target {
  baseUrl: string;
  /** Routing a request needs there: none on cloud, the vendor route on a self-hosted gateway. */
  headers: HeaderMap;
  /** A model the target serves for chat and one for images. */
  chatModel: string;
  imageModel: string;
  /** Headers under which the target refuses the credential (a bad Portkey key; a bad vendor key). */
  rejectedCredential: { apiKey: string; headers: HeaderMap; secret: string };
}

let cloud: FakePortkeyCloud;
let vendor: VendorStandIn;
let gateway: PortkeyGateway;
const targets = new Map<string, Target>();

beforeAll(async () => {
  [cloud, vendor, gateway] = await Promise.all([
    startFakePortkeyCloud({ apiKey: PORTKEY_KEY }),
    startVendorStandIn({ name: "vendor", apiKey: VENDOR_KEY }),
    startPortkeyGateway(),
  ]);
  targets.set("the Portkey cloud stand-in", {
    baseUrl: cloud.baseUrl,
    headers: {},
    chatModel: "@openai-prod/gpt-4o",
    imageModel: "@openai-prod/gpt-image-1",
    rejectedCredential: { apiKey: "pk-contract-wrong-0000", headers: {}, secret: "pk-contract-wrong-0000" },
  });
  const route = vendor.gatewayHeaders();
  targets.set("the self-hosted gateway", {
    baseUrl: gateway.baseUrl,
    headers: route,
    chatModel: "gpt-4o-mini",
    imageModel: "gpt-image-1",
    rejectedCredential: {
      apiKey: PORTKEY_KEY,
      headers: { ...route, authorization: "Bearer sk-contract-wrong-1111" },
      secret: "sk-contract-wrong-1111",
    },
  });
});

afterAll(async () => {
  await Promise.all([gateway?.stop(), vendor?.close(), cloud?.close()]);
});

function target(name: string): Target {
  const found = targets.get(name);
  if (!found) throw new Error(`no target ${name}`);
  return found;
}

async function call(
  on: Target,
  path: string,
  init: Pick<PortkeyRequest, "method" | "body"> & { json?: unknown; apiKey?: string; headers?: HeaderMap; traceId?: string },
) {
  const apiKey = init.apiKey ?? PORTKEY_KEY;
  const headers = await buildPortkeyHeaders({
    apiKey,
    configuredHeaders: init.headers ?? on.headers,
    traceId: init.traceId ?? "contract-trace",
  });
  return sendPortkeyRequest({
    action: "Contract call",
    url: `${on.baseUrl}${path}`,
    method: init.method,
    headers: init.json === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
    timeoutMs: 10_000,
    maxResponseBytes: 2_000_000,
    secrets: [apiKey],
    gateway: { baseUrl: on.baseUrl },
  });
}

const asJson = (body: Buffer): unknown => JSON.parse(body.toString("utf8"));

describe.each(["the Portkey cloud stand-in", "the self-hosted gateway"])("%s", (name) => {
  it("lists models as an OpenAI list, and the plugin reads their ids", async () => {
    const on = target(name);
    const response = await call(on, "/models", { method: "GET" });
    expect(asJson(response.body)).toMatchObject({
      object: "list",
      data: expect.arrayContaining([expect.objectContaining({ object: "model" })]),
    });
    const ids = await listPortkeyModelIds({ settings: { baseUrl: on.baseUrl, headers: { ...on.headers } }, apiKey: PORTKEY_KEY });
    expect(ids).toContain(on.chatModel);
  });

  it("answers a JSON chat completion with usage, and echoes the trace id", async () => {
    const on = target(name);
    const response = await call(on, "/chat/completions", {
      method: "POST",
      json: { model: on.chatModel, messages: [{ role: "user", content: "ping" }], stream: false },
      traceId: "contract-trace-json",
    });
    expect(response.headers["x-portkey-trace-id"]).toBe("contract-trace-json");
    expect(asJson(response.body)).toMatchObject({
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: expect.any(String) }, finish_reason: "stop" }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
  });

  it("streams SSE chunks: content deltas, one stop, a usage chunk, then [DONE]", async () => {
    const on = target(name);
    const response = await call(on, "/chat/completions", {
      method: "POST",
      json: { model: on.chatModel, messages: [{ role: "user", content: "ping" }], stream: true, stream_options: { include_usage: true } },
    });
    expect(response.headers["content-type"]).toMatch(/^text\/event-stream/);
    const events = response.body
      .toString("utf8")
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => line.slice(6));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map(
      (event) =>
        JSON.parse(event) as {
          object: string;
          choices: { delta: { content?: string }; finish_reason: string | null }[];
          usage?: unknown;
        },
    );
    expect(new Set(chunks.map((chunk) => chunk.object))).toEqual(new Set(["chat.completion.chunk"]));
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? "")).join("")).not.toBe("");
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual(["stop"]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
  });

  it("generates images as b64_json that decode to real image bytes", async () => {
    const on = target(name);
    const response = await call(on, "/images/generations", {
      method: "POST",
      json: { model: on.imageModel, prompt: "a lighthouse", n: 2, size: "256x256" },
    });
    const noUrls = async (): Promise<Buffer> => {
      throw new Error("no url expected");
    };
    const images = await decodeImagesResponse(response.body, noUrls, { maxImages: 2, maxTotalBytes: 1024 * 1024, downloadConcurrency: 1 });
    expect(images.map((image) => [image.mimeType, pngSize(image.buffer)])).toEqual([
      ["image/png", { width: 256, height: 256 }],
      ["image/png", { width: 256, height: 256 }],
    ]);
  });

  it("edits an image sent as multipart/form-data, and refuses a JSON edit", async () => {
    const on = target(name);
    const form = new FormData();
    form.set("model", on.imageModel);
    form.set("prompt", "make it blue");
    form.set("image", new Blob([Uint8Array.from(TINY_PNG)], { type: "image/png" }), "in.png");
    const edited = await call(on, "/images/edits", { method: "POST", body: form });
    expect(asJson(edited.body)).toMatchObject({ data: [{ b64_json: TINY_PNG.toString("base64") }] });
    await expect(call(on, "/images/edits", { method: "POST", json: { model: on.imageModel, prompt: "x" } })).rejects.toBeInstanceOf(
      PortkeyHttpError,
    );
  });

  it("refuses a bad credential with 401 and a readable message that holds no key", async () => {
    const on = target(name);
    const { apiKey, headers, secret } = on.rejectedCredential;
    const failure = await call(on, "/chat/completions", {
      method: "POST",
      apiKey,
      headers,
      json: { model: on.chatModel, messages: [{ role: "user", content: "ping" }] },
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PortkeyHttpError);
    const message = failure instanceof Error ? failure.message : "";
    expect(message).toMatch(/HTTP 401: \S/);
    expect(message).not.toContain(secret);
  });
});

describe("the self-hosted gateway's launcher", () => {
  const TCP_LISTEN = "0A";
  it("listens on 127.0.0.1 only, per the kernel's socket table", () => {
    const listening = readFileSync("/proc/net/tcp", "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .flatMap((line) => {
        const [, local = "", , state] = line.trim().split(/\s+/);
        const [addressHex = "", portHex = ""] = local.split(":");
        return state === TCP_LISTEN && Number.parseInt(portHex, 16) === gateway.port ? [addressHex] : [];
      });
    // 0100007F is 127.0.0.1 in the table's little-endian hex.
    expect(listening).toEqual(["0100007F"]);
    const v6 = readFileSync("/proc/net/tcp6", "utf8")
      .split("\n")
      .filter((line) => line.includes(`:${gateway.port.toString(16).toUpperCase().padStart(4, "0")} `));
    expect(v6.filter((line) => line.trim().split(/\s+/)[3] === TCP_LISTEN)).toEqual([]);
  });
});
