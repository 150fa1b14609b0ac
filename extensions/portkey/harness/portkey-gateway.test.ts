import { readFileSync } from "node:fs";
import { endianness } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRecord, finishReasons, sseData, streamedChunks, streamedContent, TINY_PNG } from "./openai-wire.ts";
import { startPortkeyGateway } from "./portkey-gateway.ts";
import type { PortkeyGateway } from "./portkey-gateway.ts";
import { startVendorStandIn } from "./vendor-stand-in.ts";
import type { VendorStandIn } from "./vendor-stand-in.ts";

const VENDOR_KEY = "sk-vendor-behind-gateway-7c2e";
const START_TIMEOUT_MS = 30_000;
/** async-retry's first backoff, which the gateway uses unless a retry-after header is honoured. */
const DEFAULT_BACKOFF_MS = 1_000;
const ping = { model: "gpt-4o", messages: [{ role: "user", content: "ping" }] };

let gateway: PortkeyGateway;
let vendor: VendorStandIn;

beforeAll(async () => {
  [gateway, vendor] = await Promise.all([startPortkeyGateway(), startVendorStandIn({ name: "vendor-a", apiKey: VENDOR_KEY })]);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([gateway?.stop(), vendor?.close()]);
});

function viaGateway(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${gateway.baseUrl}${path}`, { ...init, headers: { ...vendor.gatewayHeaders(), ...init.headers } });
}

function postChat(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return viaGateway("/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** A chat request routed by a Portkey Config only, as `x-portkey-config` carries it. */
function postChatWithConfig(config: object): Promise<Response> {
  return fetch(`${gateway.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-portkey-config": JSON.stringify({ ...vendor.configTarget(), ...config }) },
    body: JSON.stringify(ping),
  });
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  return asRecord(await response.json());
}

function vendorChatRequests(): number {
  return vendor.requests.filter((request) => request.path === "/v1/chat/completions").length;
}

// ---------------------------------------------------------------------------
// /proc/net/tcp{,6}: what the kernel says is listening, whoever opened it.

interface ListeningSocket {
  table: "tcp" | "tcp6";
  address: string;
}

const TCP_LISTEN = "0A";

/** Kernel hex addresses are 32-bit words in host byte order. */
function wordBytes(hexWord: string): number[] {
  const bytes = (hexWord.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
  return endianness() === "LE" ? bytes.reverse() : bytes;
}

function decodeAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap(wordBytes);
  if (bytes.length === 4) return bytes.join(".");
  const groups: string[] = [];
  for (let index = 0; index < bytes.length; index += 2) {
    groups.push((((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0)).toString(16));
  }
  return groups.join(":");
}

function listeningSockets(port: number): ListeningSocket[] {
  const found: ListeningSocket[] = [];
  for (const table of ["tcp", "tcp6"] as const) {
    const lines = readFileSync(`/proc/net/${table}`, "utf8").trim().split("\n").slice(1);
    for (const line of lines) {
      const [, local = "", , state] = line.trim().split(/\s+/);
      const [addressHex = "", portHex = ""] = local.split(":");
      if (state === TCP_LISTEN && Number.parseInt(portHex, 16) === port) found.push({ table, address: decodeAddress(addressHex) });
    }
  }
  return found;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ESRCH") return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------

describe("the launcher", () => {
  it("starts the gateway and it answers on its loopback base URL", async () => {
    expect(gateway.baseUrl).toBe(`http://127.0.0.1:${gateway.port}/v1`);
    expect(gateway.pid).toBeGreaterThan(0);
    const response = await fetch(`http://127.0.0.1:${gateway.port}/`);
    expect(await response.text()).toBe("AI Gateway says hey!");
    // Its banner comes after a one-second spinner, once it already answers.
    await expect.poll(() => gateway.logs(), { timeout: 5_000 }).toContain("Your AI Gateway is running");
  });

  it("listens on 127.0.0.1 only, per the kernel's socket tables (Linux)", () => {
    expect(decodeAddress("0100007F")).toBe(endianness() === "LE" ? "127.0.0.1" : "1.0.0.127"); // the decoder itself
    expect(listeningSockets(gateway.port)).toEqual([{ table: "tcp", address: "127.0.0.1" }]);
  });

  it("stop() ends the process, frees the port and can be called twice", async () => {
    const other = await startPortkeyGateway();
    expect(processExists(other.pid)).toBe(true);
    await Promise.all([other.stop(), other.stop()]);
    expect(() => process.kill(other.pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    if (process.platform === "linux") expect(listeningSockets(other.port)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${other.port}/`)).rejects.toThrow();
  }, START_TIMEOUT_MS);
});

describe("through the gateway to the vendor stand-in (the @hono/node-server pin)", () => {
  it("serves a JSON chat completion with the vendor's key and no Portkey headers upstream", async () => {
    const response = await postChat(ping);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-portkey-provider")).toBe("openai");
    expect(response.headers.get("x-portkey-retry-attempt-count")).toBe("0");
    const body = await readJson(response);
    expect(body).toMatchObject({ object: "chat.completion", choices: [{ message: { content: "vendor-a says: pong from gpt-4o" } }] });
    expect(body.id).toMatch(/^chatcmpl-/);

    const upstream = vendor.requests.at(-1);
    expect(upstream?.headers.authorization).toBe(`Bearer ${VENDOR_KEY}`);
    expect(Object.keys(upstream?.headers ?? {}).filter((name) => name.startsWith("x-portkey-"))).toEqual([]);
  });

  it("streams SSE with the usage chunk and [DONE]", async () => {
    const response = await postChat({ ...ping, stream: true, stream_options: { include_usage: true } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const data = sseData(await response.text());
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = streamedChunks(data);
    expect(streamedContent(chunks)).toBe("vendor-a says: pong from gpt-4o");
    expect(finishReasons(chunks)).toEqual(["stop"]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
  });

  it("serves image generations", async () => {
    const response = await viaGateway("/images/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-image-1", prompt: "an orange dot" }),
    });
    expect(response.status).toBe(200);
    const [image] = (await readJson(response)).data as unknown[];
    expect(Buffer.from(String(asRecord(image).b64_json), "base64").equals(TINY_PNG)).toBe(true);
  });

  it("passes a multipart image edit through to the vendor", async () => {
    const form = new FormData();
    form.append("model", "gpt-image-1");
    form.append("prompt", "make it blue");
    form.append("image", new Blob([TINY_PNG], { type: "image/png" }), "tiny.png");
    const response = await viaGateway("/images/edits", { method: "POST", body: form });
    expect(response.status).toBe(200);
    expect(asRecord(((await readJson(response)).data as unknown[])[0]).revised_prompt).toBe("make it blue");
    const upstream = vendor.requests.at(-1);
    expect(upstream?.path).toBe("/v1/images/edits");
    expect(upstream?.headers.authorization).toBe(`Bearer ${VENDOR_KEY}`);
    expect(upstream?.form?.files).toEqual([{ name: "image", filename: "tiny.png", contentType: "image/png", size: TINY_PNG.length }]);
  });

  it("proxies GET /v1/models", async () => {
    const response = await viaGateway("/models");
    expect(response.status).toBe(200);
    const data = ((await readJson(response)).data as unknown[]).map(asRecord);
    expect(data.map((model) => model.owned_by)).toContain("vendor-a");
  });
});

describe("retry with retry-after (the async-retry patch)", () => {
  const retryOn429 = (useRetryAfterHeader: boolean): object => ({
    retry: { attempts: 2, on_status_codes: [429], use_retry_after_header: useRetryAfterHeader },
  });

  it("retries a 429 after its retry-after-ms, not after the default backoff", async () => {
    vendor.failNext({ kind: "status", status: 429, headers: { "retry-after-ms": "50" } });
    const before = vendorChatRequests();
    const started = performance.now();
    const response = await postChatWithConfig(retryOn429(true));
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(response.headers.get("x-portkey-retry-attempt-count")).toBe("1");
    expect(vendorChatRequests() - before).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(DEFAULT_BACKOFF_MS / 2);
  });

  it("waits the default backoff when the header is not to be used (the comparison point)", async () => {
    vendor.failNext({ kind: "status", status: 429, headers: { "retry-after-ms": "50" } });
    const started = performance.now();
    const response = await postChatWithConfig(retryOn429(false));
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(DEFAULT_BACKOFF_MS * 0.9);
  });

  it("passes the vendor's 429 on once the attempts are spent", async () => {
    // Unpatched, the gateway crashes in its retry callback here and answers 500.
    vendor.failNext({ kind: "status", status: 429, headers: { "retry-after-ms": "20" } });
    vendor.failNext({ kind: "status", status: 429, headers: { "retry-after-ms": "20" } });
    const response = await postChatWithConfig({ retry: { attempts: 1, on_status_codes: [429], use_retry_after_header: true } });
    expect(response.status).toBe(429);
    expect(await readJson(response)).toMatchObject({ error: { code: "rate_limit_exceeded" }, provider: "openai" });
  });
});

describe("the gateway's own answers", () => {
  it("refuses a request with no routing in Portkey's failure shape", async () => {
    const response = await fetch(`${gateway.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ping),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      status: "failure",
      message: "Either x-portkey-config or x-portkey-provider header is required",
    });
  });

  it("rewrites a vendor 401 with the provider's name and without the key", async () => {
    const wrongKey = "sk-wrong-behind-gateway-99";
    const response = await postChat(ping, { authorization: `Bearer ${wrongKey}` });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(text).not.toContain(wrongKey);
    expect(asRecord(JSON.parse(text))).toMatchObject({
      error: { message: expect.stringMatching(/^openai error: Incorrect API key provided/), code: "invalid_api_key" },
      provider: "openai",
    });
  });
});
