import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useIsolatedOpenClawState } from "../../test/support/isolated-openclaw-state.ts";
import { picturePng } from "../../test/harness/picture-png.ts";
import { startFakePortkeyCloud, TINY_PNG, type FakePortkeyCloud, type RecordedRequest } from "../../test/harness/fake-portkey-cloud.ts";
import { buildPortkeyImageGenerationProvider } from "./image-generation-provider.ts";
import type { ImageGenerationRequest } from "../sdk-types.ts";

const API_KEY = "pk-test-images-0123456789";
/** OpenClaw learns that PORTKEY_API_KEY belongs to `portkey` from the plugin's manifest, so it must discover the plugin. */
const EXTENSION_DIR = fileURLToPath(new URL("../..", import.meta.url));
const CONFIGURED_HEADERS = { "x-portkey-provider": "openai", "x-portkey-config": "pc-images-1" };

let cloud: FakePortkeyCloud;
useIsolatedOpenClawState({ portkeyApiKey: API_KEY });

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: API_KEY });
});

afterAll(async () => {
  await cloud.close();
});

function configFor(baseUrl: string, options: { discoverPlugin?: boolean } = {}): OpenClawConfig {
  return {
    ...(options.discoverPlugin === false ? {} : { plugins: { load: { paths: [EXTENSION_DIR] } } }),
    models: { providers: { portkey: { baseUrl, models: [], headers: CONFIGURED_HEADERS } } },
  };
}

function imageRequest(overrides: Partial<ImageGenerationRequest> = {}): ImageGenerationRequest {
  return { provider: "portkey", model: "@openai/gpt-image-1", prompt: "an orange pixel", cfg: configFor(cloud.baseUrl), ...overrides };
}

const provider = buildPortkeyImageGenerationProvider();

function lastRequest(): RecordedRequest | undefined {
  return cloud.requests.at(-1);
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected the call to fail");
}

describe("Portkey image generation", () => {
  it("posts JSON to /v1/images/generations with the key and the configured headers, and returns the PNG", async () => {
    const result = await provider.generateImage(imageRequest());

    const sent = lastRequest();
    expect(sent?.method).toBe("POST");
    expect(sent?.path).toBe("/v1/images/generations");
    expect(sent?.json).toEqual({ model: "@openai/gpt-image-1", prompt: "an orange pixel", n: 1, size: "1024x1024" });
    expect(sent?.headers["x-portkey-api-key"]).toBe(API_KEY);
    expect(sent?.headers["x-portkey-provider"]).toBe("openai");
    expect(sent?.headers["x-portkey-config"]).toBe("pc-images-1");
    expect(sent?.headers.authorization).toBeUndefined();

    expect(result.model).toBe("@openai/gpt-image-1");
    expect(result.images).toHaveLength(1);
    // The stand-in draws the size asked for, as an image model does.
    expect(result.images[0]?.buffer.equals(picturePng({ width: 1024, height: 1024 }, "an orange pixel"))).toBe(true);
    expect(result.images[0]?.mimeType).toBe("image/png");
  });

  it("asks for as many images as requested", async () => {
    const result = await provider.generateImage(imageRequest({ count: 2 }));
    expect(result.images).toHaveLength(2);
    expect(lastRequest()?.json).toMatchObject({ n: 2 });
  });

  it("maps quality, output format and background to OpenAI's field names", async () => {
    await provider.generateImage(imageRequest({ size: "1536x1024", quality: "high", outputFormat: "webp", background: "transparent" }));
    expect(lastRequest()?.json).toEqual({
      model: "@openai/gpt-image-1",
      prompt: "an orange pixel",
      n: 1,
      size: "1536x1024",
      quality: "high",
      output_format: "webp",
      background: "transparent",
    });
  });

  it("uses a key from the auth store OpenClaw passes in", async () => {
    const storeKey = "pk-test-from-store-987654";
    const storeCloud = await startFakePortkeyCloud({ apiKey: storeKey });
    try {
      const result = await provider.generateImage(
        imageRequest({
          cfg: configFor(storeCloud.baseUrl, { discoverPlugin: false }),
          authStore: { version: 1, profiles: { "portkey:default": { type: "api_key", provider: "portkey", key: storeKey } } },
        }),
      );
      expect(result.images).toHaveLength(1);
      expect(storeCloud.requests.at(-1)?.headers["x-portkey-api-key"]).toBe(storeKey);
    } finally {
      await storeCloud.close();
    }
  });
});

describe("Portkey image edits", () => {
  const input = { buffer: TINY_PNG, mimeType: "image/png", fileName: "in.png" };

  it("posts multipart/form-data to /v1/images/edits with the image in `image`", async () => {
    const result = await provider.generateImage(imageRequest({ prompt: "make it blue", inputImages: [input] }));

    const sent = lastRequest();
    expect(sent?.path).toBe("/v1/images/edits");
    expect(sent?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent?.headers["x-portkey-api-key"]).toBe(API_KEY);
    expect(sent?.headers["x-portkey-config"]).toBe("pc-images-1");
    expect(sent?.form?.fields).toEqual({ model: "@openai/gpt-image-1", prompt: "make it blue", n: "1", size: "1024x1024" });
    expect(sent?.form?.files).toEqual([{ name: "image", filename: "in.png", contentType: "image/png", size: TINY_PNG.length }]);
    expect(result.images[0]?.buffer.equals(picturePng({ width: 1024, height: 1024 }, "make it blue"))).toBe(true);
  });

  it("names several inputs `image[]`", async () => {
    await provider.generateImage(imageRequest({ inputImages: [input, { ...input, fileName: "second.png" }] }));
    expect(lastRequest()?.form?.files.map((file) => [file.name, file.filename])).toEqual([
      ["image[]", "in.png"],
      ["image[]", "second.png"],
    ]);
  });
});

describe("Portkey image generation failures", () => {
  it("says how to configure a key when there is none", async () => {
    delete process.env.PORTKEY_API_KEY;
    const before = cloud.requests.length;
    try {
      const message = await failureOf(provider.generateImage(imageRequest()));
      expect(message).toMatch(/No Portkey API key is configured/);
      expect(message).toContain("PORTKEY_API_KEY");
    } finally {
      process.env.PORTKEY_API_KEY = API_KEY;
    }
    expect(cloud.requests).toHaveLength(before);
  });
});

describe("image URLs in Portkey's answer", () => {
  /** A gateway whose image answer points at `imageUrl`; it also serves /files/ itself. */
  async function urlAnsweringGateway(imageUrl: (origin: string) => string) {
    const fileRequests: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url?.startsWith("/files/")) {
        fileRequests.push(req.headers["x-portkey-api-key"]?.toString());
        res.writeHead(200, { "content-type": "image/png" }).end(TINY_PNG);
        return;
      }
      req.resume();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ created: 1, data: [{ url: imageUrl(origin) }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return { baseUrl, fileRequests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it("downloads an image the gateway itself serves, with the key", async () => {
    const gateway = await urlAnsweringGateway((origin) => `${origin}/files/1.png`);
    try {
      const result = await provider.generateImage(imageRequest({ cfg: configFor(gateway.baseUrl) }));
      expect(result.images[0]?.buffer.equals(TINY_PNG)).toBe(true);
      expect(gateway.fileRequests).toEqual([API_KEY]);
    } finally {
      await gateway.close();
    }
  });

  it("refuses a URL on another private or loopback address (OpenClaw's SSRF guard) without connecting to it", async () => {
    let connections = 0;
    const elsewhere = createServer(() => undefined).on("connection", (socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const target = `https://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/internal.png`;
    const gateway = await urlAnsweringGateway(() => target);
    try {
      const message = await failureOf(provider.generateImage(imageRequest({ cfg: configFor(gateway.baseUrl) })));
      expect(message).toMatch(/private, loopback or internal address, which OpenClaw's SSRF policy blocks/);
      expect(message).not.toContain(API_KEY);
      expect(connections).toBe(0);
    } finally {
      await gateway.close();
      await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    }
  });
});
