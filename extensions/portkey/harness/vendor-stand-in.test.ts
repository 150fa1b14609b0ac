import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { asRecord, choicesOf, finishReasons, sseData, streamedChunks, streamedContent, TINY_PNG } from "./openai-wire.ts";
import { DEFAULT_VENDOR_MODELS, startVendorStandIn } from "./vendor-stand-in.ts";
import type { VendorStandIn } from "./vendor-stand-in.ts";

const VENDOR_KEY = "sk-vendor-test-5d1e9a";
const ping = { model: "gpt-4o", messages: [{ role: "user", content: "ping" }] };
const streamed = { ...ping, stream: true, stream_options: { include_usage: true } };

let vendor: VendorStandIn;

beforeAll(async () => {
  vendor = await startVendorStandIn({ name: "vendor-a", apiKey: VENDOR_KEY });
});

afterEach(() => {
  vendor.setFault(undefined);
});

afterAll(async () => {
  await vendor.close();
});

function url(path: string): string {
  return `${vendor.baseUrl}${path}`;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url(path), {
    method: "POST",
    headers: { authorization: `Bearer ${VENDOR_KEY}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  return asRecord(await response.json());
}

/** Reads a body to its end or to the reset, keeping what arrived before it. */
async function readToEnd(response: Response): Promise<{ text: string; failed: boolean }> {
  const reader = response.body?.getReader();
  if (reader === undefined) return { text: "", failed: false };
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
    }
    return { text, failed: false };
  } catch {
    return { text, failed: true };
  }
}

function editForm(): FormData {
  const form = new FormData();
  form.append("model", "gpt-image-1");
  form.append("prompt", "make it blue");
  form.append("image", new Blob([TINY_PNG], { type: "image/png" }), "tiny.png");
  return form;
}

describe("authentication", () => {
  const expected401 = {
    error: {
      message: expect.stringMatching(/^Incorrect API key provided/),
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    },
  };

  it("answers 401 in OpenAI's shape without a key", async () => {
    const response = await fetch(url("/models"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(expected401);
  });

  it("never echoes a wrong key, and takes no Portkey key header", async () => {
    const wrongKey = "sk-wrong-secret-4321";
    const wrong = await fetch(url("/models"), { headers: { authorization: `Bearer ${wrongKey}` } });
    const text = await wrong.text();
    expect(wrong.status).toBe(401);
    expect(text).not.toContain(wrongKey);
    expect(text).not.toContain(VENDOR_KEY);

    const portkeyHeader = await fetch(url("/models"), { headers: { "x-portkey-api-key": VENDOR_KEY } });
    expect(portkeyHeader.status).toBe(401);
  });

  it("leaves queued faults for the next authenticated request", async () => {
    vendor.failNext({ kind: "status", status: 503 });
    expect((await fetch(url("/models"))).status).toBe(401);
    expect((await post("/chat/completions", ping)).status).toBe(503);
  });
});

describe("chat completions", () => {
  it("answers a chat.completion naming the vendor, with usage", async () => {
    const response = await post("/chat/completions", ping);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    const body = await readJson(response);
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "gpt-4o",
      choices: [{ index: 0, message: { role: "assistant", content: "vendor-a says: pong from gpt-4o" }, finish_reason: "stop" }],
    });
    expect(body.id).toMatch(/^chatcmpl-\w+$/);
    const usage = asRecord(body.usage);
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(Number(usage.prompt_tokens) + Number(usage.completion_tokens));
  });

  it("streams a role chunk, content, one stop, a usage chunk and [DONE]", async () => {
    const response = await post("/chat/completions", streamed);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const data = sseData(await response.text());
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = streamedChunks(data);
    expect(choicesOf(chunks[0] ?? {})[0]).toMatchObject({ delta: { role: "assistant" } });
    expect(streamedContent(chunks)).toBe("vendor-a says: pong from gpt-4o");
    expect(finishReasons(chunks)).toEqual(["stop"]);
    expect(chunks.at(-1)).toMatchObject({ object: "chat.completion.chunk", choices: [] });
    expect(asRecord(chunks.at(-1)?.usage).total_tokens).toBeGreaterThan(0);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it("omits the usage chunk unless include_usage is set", async () => {
    const text = await (await post("/chat/completions", { ...ping, stream: true })).text();
    expect(text).not.toContain('"usage"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("validates like OpenAI", async () => {
    const response = await post("/chat/completions", { model: "gpt-4o", messages: [] });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toMatchObject({ type: "invalid_request_error", param: "messages" });
  });

  it("records method, path, lower-cased headers and the parsed body", async () => {
    await post("/chat/completions", ping, { "X-Trace": "t-1" });
    const request = vendor.requests.at(-1);
    expect(request).toMatchObject({ method: "POST", path: "/v1/chat/completions", json: ping });
    expect(request?.headers["x-trace"]).toBe("t-1");
    expect(request?.headers.authorization).toBe(`Bearer ${VENDOR_KEY}`);
  });

  it("tells instances apart by name", async () => {
    const other = await startVendorStandIn({ name: "vendor-b", apiKey: "sk-b" });
    try {
      const response = await fetch(`${other.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { authorization: "Bearer sk-b", "content-type": "application/json" },
        body: JSON.stringify(ping),
      });
      expect(JSON.stringify(await response.json())).toContain("vendor-b says: pong from gpt-4o");
    } finally {
      await other.close();
    }
  });
});

describe("images and models", () => {
  it("generates n copies of TINY_PNG", async () => {
    const body = await readJson(await post("/images/generations", { model: "gpt-image-1", prompt: "a dot", n: 2 }));
    const data = (body.data as unknown[]).map(asRecord);
    expect(data).toHaveLength(2);
    expect(Buffer.from(String(data[0]?.b64_json), "base64").equals(TINY_PNG)).toBe(true);
  });

  it("edits a multipart upload and refuses JSON", async () => {
    const response = await fetch(url("/images/edits"), {
      method: "POST",
      headers: { authorization: `Bearer ${VENDOR_KEY}` },
      body: editForm(),
    });
    expect(response.status).toBe(200);
    expect(asRecord(((await readJson(response)).data as unknown[])[0]).revised_prompt).toBe("make it blue");
    expect(vendor.requests.at(-1)?.form).toEqual({
      fields: { model: "gpt-image-1", prompt: "make it blue" },
      files: [{ name: "image", filename: "tiny.png", contentType: "image/png", size: TINY_PNG.length }],
    });

    const json = await post("/images/edits", { model: "gpt-image-1", prompt: "x", image: "abc" });
    expect(json.status).toBe(400);
  });

  it("lists its models, owned by the vendor", async () => {
    const body = await readJson(await fetch(url("/models"), { headers: { authorization: `Bearer ${VENDOR_KEY}` } }));
    expect(body.object).toBe("list");
    const data = (body.data as unknown[]).map(asRecord);
    expect(data.map((model) => model.id)).toEqual(DEFAULT_VENDOR_MODELS);
    expect(data[0]).toMatchObject({ object: "model", owned_by: "vendor-a" });
  });

  it("answers unknown paths with OpenAI's 404", async () => {
    const response = await fetch(url("/nope"), { headers: { authorization: `Bearer ${VENDOR_KEY}` } });
    expect(response.status).toBe(404);
    expect((await readJson(response)).error).toMatchObject({ message: "Invalid URL (GET /v1/nope)" });
  });
});

describe("faults", () => {
  it("answers an injected status with its headers and a default OpenAI error", async () => {
    vendor.failNext({ kind: "status", status: 429, headers: { "Retry-After-Ms": "50" } });
    const response = await post("/chat/completions", ping);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after-ms")).toBe("50");
    expect((await readJson(response)).error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
  });

  it("sends a custom status body as given", async () => {
    vendor.failNext({ kind: "status", status: 412, body: { error: { message: "budget exhausted" } } });
    const response = await post("/chat/completions", ping);
    expect(response.status).toBe(412);
    expect(await response.json()).toEqual({ error: { message: "budget exhausted" } });
  });

  it("answers queued faults in order, then normally", async () => {
    vendor.failNext({ kind: "status", status: 500 });
    vendor.failNext({ kind: "status", status: 503 });
    expect((await post("/chat/completions", ping)).status).toBe(500);
    expect((await post("/chat/completions", ping)).status).toBe(503);
    expect((await post("/chat/completions", ping)).status).toBe(200);
  });

  it("keeps a persistent fault until cleared; queued faults go first", async () => {
    vendor.setFault({ kind: "status", status: 503 });
    vendor.failNext({ kind: "status", status: 500 });
    expect((await post("/chat/completions", ping)).status).toBe(500);
    expect((await post("/chat/completions", ping)).status).toBe(503);
    expect((await post("/chat/completions", ping)).status).toBe(503);
    vendor.setFault(undefined);
    expect((await post("/chat/completions", ping)).status).toBe(200);
  });

  it("delays, then answers normally", async () => {
    vendor.failNext({ kind: "delay", ms: 150 });
    const started = performance.now();
    const response = await post("/chat/completions", ping);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
  });

  it("drops the connection without answering", async () => {
    vendor.failNext({ kind: "drop" });
    await expect(post("/chat/completions", ping)).rejects.toThrow();
  });

  it("resets a stream after some content chunks", async () => {
    vendor.failNext({ kind: "reset-mid-stream", afterChunks: 1 });
    const { text, failed } = await readToEnd(await post("/chat/completions", streamed));
    expect(failed).toBe(true);
    const chunks = streamedChunks(sseData(text));
    expect(chunks).toHaveLength(2); // role chunk + one content chunk
    expect(streamedContent(chunks).length).toBeGreaterThan(0);
    expect(finishReasons(chunks)).toEqual([]);
  });

  it("resets a JSON answer half-way", async () => {
    vendor.failNext({ kind: "reset-mid-stream", afterChunks: 0 });
    const response = await post("/chat/completions", ping);
    expect(response.status).toBe(200);
    expect((await readToEnd(response)).failed).toBe(true);
  });

  it("truncates a stream cleanly: no finish_reason, no [DONE]", async () => {
    vendor.failNext({ kind: "truncate-stream", afterChunks: 2 });
    const { text, failed } = await readToEnd(await post("/chat/completions", streamed));
    expect(failed).toBe(false);
    const data = sseData(text);
    expect(data).not.toContain("[DONE]");
    const chunks = streamedChunks(data);
    expect(chunks).toHaveLength(3);
    expect(finishReasons(chunks)).toEqual([]);
    expect(chunks.some((chunk) => "usage" in chunk && chunk.usage !== null)).toBe(false);
  });

  it("truncates a JSON answer cleanly", async () => {
    vendor.failNext({ kind: "truncate-stream", afterChunks: 0 });
    const { text, failed } = await readToEnd(await post("/chat/completions", ping));
    expect(failed).toBe(false);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it("sends malformed JSON with status 200", async () => {
    vendor.failNext({ kind: "malformed-json" });
    const response = await post("/images/generations", { prompt: "x" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it("sends a malformed SSE data line", async () => {
    vendor.failNext({ kind: "malformed-json" });
    const data = sseData(await (await post("/chat/completions", streamed)).text());
    expect(data.at(-1)).toBe("[DONE]");
    expect(() => streamedChunks(data)).toThrow(SyntaxError);
    expect(() => JSON.parse(data[0] ?? "")).not.toThrow();
  });

  it("answers empty choices in JSON and SSE", async () => {
    vendor.failNext({ kind: "empty-choices" });
    const body = await readJson(await post("/chat/completions", ping));
    expect(body.choices).toEqual([]);
    expect(body.id).toMatch(/^chatcmpl-/);

    vendor.failNext({ kind: "empty-choices" });
    const data = sseData(await (await post("/chat/completions", streamed)).text());
    const chunks = streamedChunks(data);
    expect(data.at(-1)).toBe("[DONE]");
    expect(chunks.flatMap(choicesOf)).toEqual([]);
    expect(asRecord(chunks[0]?.usage).total_tokens).toBeGreaterThan(0);
  });

  it("answers images with no data, or with bytes that are not base64", async () => {
    vendor.failNext({ kind: "images-empty" });
    expect((await readJson(await post("/images/generations", { prompt: "x" }))).data).toEqual([]);

    vendor.failNext({ kind: "images-bad-base64" });
    const edit = await fetch(url("/images/edits"), { method: "POST", headers: { authorization: `Bearer ${VENDOR_KEY}` }, body: editForm() });
    const b64 = String(asRecord(((await readJson(edit)).data as unknown[])[0]).b64_json);
    expect(b64).not.toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
  });

  it("leaves a route alone when the fault does not fit it", async () => {
    vendor.failNext({ kind: "images-empty" });
    const body = await readJson(await post("/chat/completions", ping));
    expect(choicesOf(body)).toHaveLength(1);
  });

  it("rejects faults that make no sense", () => {
    expect(() => vendor.failNext({ kind: "status", status: 200 })).toThrow(RangeError);
    expect(() => vendor.setFault({ kind: "delay", ms: -1 })).toThrow(RangeError);
    expect(() => vendor.failNext({ kind: "truncate-stream", afterChunks: 1.5 })).toThrow(RangeError);
  });

  it("closes promptly while a delayed answer is pending, and twice", async () => {
    const other = await startVendorStandIn({ name: "vendor-c", apiKey: "sk-c" });
    other.setFault({ kind: "delay", ms: 60_000 });
    const pending = fetch(`${other.baseUrl}/models`, { headers: { authorization: "Bearer sk-c" } }).catch((error: unknown) => error);
    await expect.poll(() => other.requests.length, { timeout: 2_000 }).toBe(1);
    const started = performance.now();
    await Promise.all([other.close(), other.close()]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
