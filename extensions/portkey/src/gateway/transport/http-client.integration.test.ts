import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordingProxy, type RecordingProxy } from "../../../test/harness/recording-proxy.ts";
import { PortkeyHttpError } from "./errors.ts";
import { PortkeyRequestError, sendPortkeyRequest } from "./http-client.ts";

let server: Server;
let origin: string;
const seen: Record<string, string | string[] | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === "/ok") return res.end('{"ok":true}');
    if (req.url === "/echo") {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () =>
        res.end(
          JSON.stringify({
            type: req.headers["content-type"],
            length: req.headers["content-length"],
            body: Buffer.concat(chunks).toString(),
          }),
        ),
      );
      return;
    }
    if (req.url === "/moved") {
      res.writeHead(302, { location: "http://127.0.0.1:9/elsewhere" });
      return res.end();
    }
    if (req.url === "/big") return res.end("x".repeat(5000));
    if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
    res.writeHead(401, { "content-type": "application/json" });
    res.end('{"status":"failure","message":"Invalid API Key. Error Code: 03."}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const base = { action: "Portkey test call", method: "GET" as const, timeoutMs: 1000, maxResponseBytes: 1000, secrets: ["pk-secret-key"] };

describe("sendPortkeyRequest", () => {
  it("returns the body and sends the given headers", async () => {
    const response = await sendPortkeyRequest({
      ...base,
      gateway: { baseUrl: origin },
      url: `${origin}/ok`,
      headers: { "x-portkey-api-key": "pk-secret-key" },
    });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('{"ok":true}');
    expect(seen.at(-1)?.["x-portkey-api-key"]).toBe("pk-secret-key");
  });

  it("sends a form as multipart/form-data with its boundary and length", async () => {
    const form = new FormData();
    form.set("prompt", "make it blue");
    form.append("image", new Blob([Buffer.from("PNGDATA")], { type: "image/png" }), "in.png");
    const response = await sendPortkeyRequest({
      ...base,
      gateway: { baseUrl: origin },
      method: "POST",
      url: `${origin}/echo`,
      headers: {},
      body: form,
    });
    const echoed = JSON.parse(response.body.toString()) as { type: string; length: string; body: string };
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(echoed.type)?.[1];
    expect(boundary).toBeTruthy();
    expect(Number(echoed.length)).toBe(Buffer.byteLength(echoed.body));
    expect(echoed.body).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nmake it blue\r\n`);
    expect(echoed.body).toContain('name="image"; filename="in.png"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n');
  });

  it("throws the status and Portkey's message for an error answer", async () => {
    const call = sendPortkeyRequest({ ...base, gateway: { baseUrl: origin }, url: `${origin}/denied`, headers: {} });
    await expect(call).rejects.toBeInstanceOf(PortkeyHttpError);
    await expect(sendPortkeyRequest({ ...base, gateway: { baseUrl: origin }, url: `${origin}/denied`, headers: {} })).rejects.toThrow(
      /Portkey test call failed: Portkey returned HTTP 401: Invalid API Key/,
    );
  });

  it("stops reading a response larger than the limit", async () => {
    await expect(sendPortkeyRequest({ ...base, gateway: { baseUrl: origin }, url: `${origin}/big`, headers: {} })).rejects.toThrow(
      /larger than 1000 bytes/,
    );
  });

  it("gives up after the timeout", async () => {
    await expect(
      sendPortkeyRequest({ ...base, gateway: { baseUrl: origin }, timeoutMs: 200, url: `${origin}/slow`, headers: {} }),
    ).rejects.toThrow(/Portkey test call failed: no answer within 0.2 s/);
  });

  it("says which origin could not be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const closedGateway = {
      ...base,
      gateway: { baseUrl: `http://127.0.0.1:${port}/v1` },
      url: `http://127.0.0.1:${port}/v1/models`,
      headers: {},
    };
    await expect(sendPortkeyRequest(closedGateway)).rejects.toBeInstanceOf(PortkeyRequestError);
    await expect(sendPortkeyRequest(closedGateway)).rejects.toThrow(`could not reach http://127.0.0.1:${port}`);
  });

  it("adds the configured request headers on calls to the gateway, and follows no redirect from it", async () => {
    const gateway = { baseUrl: origin, request: { headers: { "x-team": "blue" } } };
    await sendPortkeyRequest({ ...base, gateway, url: `${origin}/ok`, headers: { "x-portkey-api-key": "pk-secret-key" } });
    expect(seen.at(-1)).toMatchObject({ "x-team": "blue", "x-portkey-api-key": "pk-secret-key" });
    await expect(sendPortkeyRequest({ ...base, gateway, url: `${origin}/moved`, headers: {} })).rejects.toThrow(/redirect/i);
  });

  it("refuses a private address that is not the gateway's own", async () => {
    const call = sendPortkeyRequest({ ...base, gateway: { baseUrl: "https://api.portkey.ai/v1" }, url: `${origin}/ok`, headers: {} });
    await expect(call).rejects.toThrow(/is a private, loopback or internal address, which OpenClaw's SSRF policy blocks/);
  });

  it("names the redirect target the SSRF policy refused, not the gateway that sent the redirect", async () => {
    const download = sendPortkeyRequest({
      ...base,
      gateway: { baseUrl: origin },
      url: `${origin}/moved`,
      headers: {},
      followRedirects: true,
    });
    await expect(download).rejects.toThrow(/^Portkey test call failed: http:\/\/127\.0\.0\.1:9 is a private, loopback or internal address/);
  });
});

describe("the environment's proxy", () => {
  let proxy: RecordingProxy;
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
  const restore = (name: keyof typeof saved) => (saved[name] === undefined ? delete process.env[name] : (process.env[name] = saved[name]));

  beforeAll(async () => {
    proxy = await startRecordingProxy();
  });

  afterAll(async () => {
    restore("HTTP_PROXY");
    restore("NO_PROXY");
    await proxy.close();
  });

  it("carries calls to the gateway when no proxy is configured, as it carries OpenClaw's chat, and NO_PROXY exempts a host", async () => {
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    const call = { ...base, gateway: { baseUrl: origin }, url: `${origin}/ok`, headers: {} };
    expect((await sendPortkeyRequest(call)).body.toString()).toBe('{"ok":true}');
    expect(proxy.requests).toEqual([`CONNECT ${new URL(origin).host}`]);

    process.env.NO_PROXY = "127.0.0.1";
    await sendPortkeyRequest(call);
    expect(proxy.requests).toHaveLength(1);
  });
});

describe("the gateway's TLS settings", () => {
  // test/harness/tls: a test CA and a certificate for 127.0.0.1 it signed, for tests only.
  const tlsFile = (name: string) => readFileSync(new URL(`../../../test/harness/tls/${name}`, import.meta.url), "utf8");
  const ca = tlsFile("ca.pem");
  let storage: Server;
  let storageOrigin: string;

  beforeAll(async () => {
    storage = createTlsServer({ cert: tlsFile("host.pem"), key: tlsFile("host-key.pem") }, (_req, res) => res.end("PNGDATA"));
    await new Promise<void>((resolve) => storage.listen(0, "127.0.0.1", resolve));
    storageOrigin = `https://127.0.0.1:${(storage.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    storage.closeAllConnections();
    await new Promise((resolve) => storage.close(resolve));
  });

  const download = (gatewayBaseUrl: string) =>
    sendPortkeyRequest({
      ...base,
      gateway: { baseUrl: gatewayBaseUrl, request: { tls: { ca }, allowPrivateNetwork: true } },
      url: `${storageOrigin}/image.png`,
      headers: {},
      followRedirects: true,
    });

  it("trust the gateway's own certificate, and no other host's: an image host is checked against the system's CAs", async () => {
    expect((await download(`${storageOrigin}/v1`)).body.toString()).toBe("PNGDATA");
    await expect(download(origin)).rejects.toThrow(new RegExp(`could not reach ${storageOrigin}: .*(certificate|issuer)`, "i"));
  });
});
