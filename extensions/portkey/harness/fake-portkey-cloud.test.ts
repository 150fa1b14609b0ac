import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODELS, TINY_PNG, startFakePortkeyCloud } from "./fake-portkey-cloud.ts";
import type { FakePortkeyCloud, RecordedRequest } from "./fake-portkey-cloud.ts";

const API_KEY = "pk-test-0123456789";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let cloud: FakePortkeyCloud;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: API_KEY });
});

afterAll(async () => {
  await cloud.close();
});

function url(path: string): string {
  return `${cloud.baseUrl}${path}`;
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url(path), {
    method: "POST",
    headers: { "x-portkey-api-key": API_KEY, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Narrows JSON for property access without `any`. */
function asRecord(value: unknown): Record<string, unknown> {
  expect(value).toBeTypeOf("object");
  expect(value).not.toBeNull();
  return value as Record<string, unknown>;
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  return asRecord(await response.json());
}

function lastRequest(): RecordedRequest {
  const request = cloud.requests.at(-1);
  if (request === undefined) throw new Error("no request recorded");
  return request;
}

// Independent bitwise CRC-32 so the PNG check doesn't trust the code under test.
function referenceCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

interface PngChunk {
  type: string;
  data: Buffer;
}

function readPngChunks(png: Buffer): PngChunk[] {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const chunks: PngChunk[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(referenceCrc32(typeAndData));
    chunks.push({ type: typeAndData.toString("latin1", 0, 4), data: typeAndData.subarray(4) });
    offset += 12 + length;
  }
  return chunks;
}

describe("authentication", () => {
  it("accepts the key in x-portkey-api-key", async () => {
    const response = await fetch(url("/models"), { headers: { "x-portkey-api-key": API_KEY } });
    expect(response.status).toBe(200);
  });

  it("accepts the key as a Bearer token when x-portkey-api-key is absent", async () => {
    const response = await fetch(url("/models"), { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(response.status).toBe(200);
  });

  it("answers 401 in Portkey's shape without a key", async () => {
    const response = await fetch(url("/models"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ status: "failure", message: "Invalid API Key. Error Code: 03." });
  });

  it("never echoes a wrong key back", async () => {
    const wrongKey = "pk-wrong-secret-987";
    const response = await fetch(url("/models"), { headers: { "x-portkey-api-key": wrongKey } });
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(text).not.toContain(wrongKey);
    expect(text).not.toContain(API_KEY);
  });

  it("prefers a wrong x-portkey-api-key over a correct Bearer token", async () => {
    const response = await fetch(url("/models"), {
      headers: { "x-portkey-api-key": "pk-wrong", authorization: `Bearer ${API_KEY}` },
    });
    expect(response.status).toBe(401);
  });
});

describe("chat completions", () => {
  const messages = [{ role: "user", content: "ping" }];

  it("answers a standard chat.completion with Portkey headers", async () => {
    const response = await postJson(
      "/chat/completions",
      { model: "@openai-prod/gpt-4o", messages },
      { "x-portkey-trace-id": "trace-123" },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-portkey-trace-id")).toBe("trace-123");
    expect(response.headers.get("x-portkey-provider")).toBe("openai");
    expect(response.headers.get("x-portkey-last-used-option-index")).toBe("config");
    expect(response.headers.get("x-portkey-retry-attempt-count")).toBe("0");
    expect(response.headers.get("x-portkey-cache-status")).toBe("DISABLED");

    const body = await readJson(response);
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "@openai-prod/gpt-4o",
      choices: [{ index: 0, message: { role: "assistant", content: "pong from @openai-prod/gpt-4o" }, finish_reason: "stop" }],
    });
    expect(body.id).toMatch(/^chatcmpl-\w+$/);
    expect(body.created).toBeTypeOf("number");
    const usage = asRecord(body.usage);
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(Number(usage.prompt_tokens) + Number(usage.completion_tokens));
  });

  it("generates a trace id when none is sent", async () => {
    const response = await postJson("/chat/completions", { model: "m", messages });
    expect(response.headers.get("x-portkey-trace-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("records the request with lower-cased headers and parsed JSON", async () => {
    await postJson("/chat/completions", { model: "m", messages }, { "X-Custom-Header": "yes" });
    const request = lastRequest();
    expect(request).toMatchObject({ method: "POST", path: "/v1/chat/completions", json: { model: "m", messages } });
    expect(request.headers["x-custom-header"]).toBe("yes");
    expect(request.body.toString("utf8")).toBe(JSON.stringify({ model: "m", messages }));
  });

  it.each([
    ["a missing model", "model", { messages }],
    ["empty messages", "messages", { model: "m", messages: [] }],
    ["missing messages", "messages", { model: "m" }],
  ])("rejects %s", async (_case, param, body) => {
    const response = await postJson("/chat/completions", body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: expect.any(String), type: "invalid_request_error", param, code: null },
    });
  });

  it("rejects a body that is not JSON", async () => {
    const response = await postJson("/chat/completions", undefined, { "content-type": "text/plain" });
    expect(response.status).toBe(400);
    expect(asRecord((await readJson(response)).error).type).toBe("invalid_request_error");
  });

  it("streams SSE chunks, a usage chunk and [DONE]", async () => {
    const response = await postJson("/chat/completions", {
      model: "@anthropic-prod/claude-sonnet-4-5",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-portkey-provider")).toBe("openai");

    const events = (await response.text())
      .split("\n\n")
      .filter((event) => event !== "")
      .map((event) => {
        expect(event.startsWith("data: ")).toBe(true);
        return event.slice("data: ".length);
      });
    expect(events.at(-1)).toBe("[DONE]");

    const chunks = events.slice(0, -1).map((event) => asRecord(JSON.parse(event)));
    const deltas = chunks.flatMap((chunk) => {
      const [choice] = chunk.choices as unknown[];
      return choice === undefined ? [] : [asRecord(asRecord(choice).delta)];
    });
    expect(deltas[0]).toMatchObject({ role: "assistant" });
    const contentDeltas = deltas.filter((delta) => typeof delta.content === "string" && delta.content !== "");
    expect(contentDeltas.length).toBeGreaterThanOrEqual(2);
    expect(contentDeltas.map((delta) => delta.content).join("")).toBe("pong from @anthropic-prod/claude-sonnet-4-5");

    const finishReasons = chunks.map((chunk) => asRecord((chunk.choices as unknown[])[0] ?? {}).finish_reason);
    expect(finishReasons.filter((reason) => reason === "stop")).toHaveLength(1);

    const usageChunk = chunks.at(-1);
    expect(usageChunk).toMatchObject({ object: "chat.completion.chunk", choices: [] });
    expect(asRecord(usageChunk?.usage).total_tokens).toBeGreaterThan(0);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it("omits the usage chunk unless include_usage is set", async () => {
    const response = await postJson("/chat/completions", { model: "m", messages, stream: true });
    const text = await response.text();
    expect(text).not.toContain('"usage"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});

describe("image generations", () => {
  it("returns n base64 copies of TINY_PNG with the revised prompt", async () => {
    const response = await postJson("/images/generations", {
      model: "@openai-prod/gpt-image-1",
      prompt: "a tiny orange dot",
      n: 2,
      size: "1024x1024",
    });
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body.created).toBeTypeOf("number");
    const data = body.data as unknown[];
    expect(data).toHaveLength(2);
    for (const item of data) {
      const image = asRecord(item);
      expect(image.revised_prompt).toBe("a tiny orange dot");
      const png = Buffer.from(String(image.b64_json), "base64");
      expect(png.equals(TINY_PNG)).toBe(true);
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    }
  });

  it("defaults n to 1", async () => {
    const body = await readJson(await postJson("/images/generations", { prompt: "x" }));
    expect(body.data).toHaveLength(1);
  });

  it("rejects n above 4 and a missing prompt", async () => {
    const tooMany = await postJson("/images/generations", { prompt: "x", n: 5 });
    expect(tooMany.status).toBe(400);
    expect(asRecord((await readJson(tooMany)).error).param).toBe("n");

    const noPrompt = await postJson("/images/generations", { model: "@openai-prod/gpt-image-1" });
    expect(noPrompt.status).toBe(400);
    expect((await readJson(noPrompt)).error).toMatchObject({ type: "invalid_request_error", param: "prompt" });
  });
});

describe("TINY_PNG", () => {
  it("is a well-formed 1x1 RGBA PNG with valid CRCs", () => {
    const chunks = readPngChunks(TINY_PNG);
    expect(chunks.map((chunk) => chunk.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    const [header, pixels] = chunks;
    expect(header?.data.readUInt32BE(0)).toBe(1);
    expect(header?.data.readUInt32BE(4)).toBe(1);
    expect(header?.data[9]).toBe(6);
    // One scanline: filter byte plus 4 bytes per RGBA pixel.
    expect(inflateSync(pixels?.data ?? Buffer.alloc(0))).toHaveLength(5);
  });
});

describe("image edits", () => {
  function editForm(file: Blob, filename: string): FormData {
    const form = new FormData();
    form.append("model", "@openai-prod/gpt-image-1");
    form.append("prompt", "make it blue");
    form.append("image[]", file, filename);
    return form;
  }

  it("accepts a multipart upload and records the form", async () => {
    const response = await fetch(url("/images/edits"), {
      method: "POST",
      headers: { "x-portkey-api-key": API_KEY },
      body: editForm(new Blob([TINY_PNG], { type: "image/png" }), "tiny.png"),
    });
    expect(response.status).toBe(200);
    const data = (await readJson(response)).data as unknown[];
    expect(data).toHaveLength(1);
    expect(asRecord(data[0]).revised_prompt).toBe("make it blue");
    expect(Buffer.from(String(asRecord(data[0]).b64_json), "base64").equals(TINY_PNG)).toBe(true);

    expect(lastRequest().form).toEqual({
      fields: { model: "@openai-prod/gpt-image-1", prompt: "make it blue" },
      files: [{ name: "image[]", filename: "tiny.png", contentType: "image/png", size: TINY_PNG.length }],
    });
  });

  it("rejects a JSON body with an error mentioning multipart", async () => {
    const response = await postJson("/images/edits", { model: "@openai-prod/gpt-image-1", prompt: "x", image: "abc" });
    expect(response.status).toBe(400);
    const error = asRecord((await readJson(response)).error);
    expect(error.type).toBe("invalid_request_error");
    expect(String(error.message)).toContain("multipart");
  });

  it("rejects an upload that is not an image", async () => {
    const response = await fetch(url("/images/edits"), {
      method: "POST",
      headers: { "x-portkey-api-key": API_KEY },
      body: editForm(new Blob(["not an image"], { type: "image/png" }), "fake.png"),
    });
    expect(response.status).toBe(400);
    expect(asRecord((await readJson(response)).error).param).toBe("image");
  });

  it("requires the prompt field", async () => {
    const form = new FormData();
    form.append("model", "@openai-prod/gpt-image-1");
    form.append("image", new Blob([TINY_PNG], { type: "image/png" }), "tiny.png");
    const response = await fetch(url("/images/edits"), {
      method: "POST",
      headers: { "x-portkey-api-key": API_KEY },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(asRecord((await readJson(response)).error).param).toBe("prompt");
  });
});

describe("models", () => {
  it("lists the default models", async () => {
    const response = await fetch(url("/models"), { headers: { "x-portkey-api-key": API_KEY } });
    const body = await readJson(response);
    expect(body.object).toBe("list");
    const data = (body.data as unknown[]).map(asRecord);
    expect(data.map((model) => model.id)).toEqual(DEFAULT_MODELS);
    expect(data[0]).toMatchObject({ id: "@openai-prod/gpt-4o", object: "model", owned_by: "openai" });
    expect(data[2]).toMatchObject({ owned_by: "anthropic" });
    expect(data[0]?.created).toBeTypeOf("number");
  });

  it("lists the models given in the options", async () => {
    const other = await startFakePortkeyCloud({ apiKey: "pk-other", models: ["@vertex-eu/gemini-2.5-pro"] });
    try {
      const response = await fetch(`${other.baseUrl}/models`, { headers: { authorization: "Bearer pk-other" } });
      const data = ((await readJson(response)).data as unknown[]).map(asRecord);
      expect(data).toEqual([expect.objectContaining({ id: "@vertex-eu/gemini-2.5-pro", owned_by: "vertex" })]);
    } finally {
      await other.close();
    }
  });
});

describe("failNext", () => {
  const ping = { model: "m", messages: [{ role: "user", content: "ping" }] };

  it("fails exactly one authenticated request", async () => {
    cloud.failNext(429, undefined, { "Retry-After": "1" });

    const unauthenticated = await fetch(url("/models"));
    expect(unauthenticated.status).toBe(401); // auth runs first and leaves the queue alone

    const failed = await postJson("/chat/completions", ping);
    expect(failed.status).toBe(429);
    expect(failed.headers.get("retry-after")).toBe("1");
    expect(failed.headers.get("x-portkey-trace-id")).not.toBeNull();
    expect((await readJson(failed)).error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });

    const recovered = await postJson("/chat/completions", ping);
    expect(recovered.status).toBe(200);
  });

  it("answers queued failures in order with custom bodies", async () => {
    cloud.failNext(502, { error: { message: "upstream down", type: "api_error", code: "502" } });
    cloud.failNext(500);
    expect((await postJson("/chat/completions", ping)).status).toBe(502);
    expect((await postJson("/chat/completions", ping)).status).toBe(500);
    expect((await postJson("/chat/completions", ping)).status).toBe(200);
  });

  it("rejects statuses that are not failures", () => {
    expect(() => cloud.failNext(200)).toThrow(RangeError);
  });
});

describe("gateway errors", () => {
  it("answers 404 in Portkey's shape for unknown routes", async () => {
    const response = await fetch(url("/nope"), { headers: { "x-portkey-api-key": API_KEY } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ status: "failure", message: "Not Found" });

    const outside = await fetch(cloud.baseUrl.replace(/\/v1$/, "/health"));
    expect(outside.status).toBe(404);
  });

  it("answers 413 for bodies over 10 MB after reading them", async () => {
    const response = await fetch(url("/chat/completions"), {
      method: "POST",
      headers: { "x-portkey-api-key": API_KEY, "content-type": "application/json" },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: "failure" });
  });

  it("closes idempotently with keep-alive connections open", async () => {
    const other = await startFakePortkeyCloud({ apiKey: "pk-close" });
    await fetch(`${other.baseUrl}/models`, { headers: { "x-portkey-api-key": "pk-close" } });
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${other.baseUrl}/models`)).rejects.toThrow();
  });
});
