import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PortkeyHttpError } from "./errors.ts";
import { PortkeyRequestError, sendPortkeyRequest } from "./http-client.ts";

let server: Server;
let origin: string;
const seen: Record<string, string | string[] | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === "/ok") return res.end('{"ok":true}');
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
    const response = await sendPortkeyRequest({ ...base, url: `${origin}/ok`, headers: { "x-portkey-api-key": "pk-secret-key" } });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('{"ok":true}');
    expect(seen.at(-1)?.["x-portkey-api-key"]).toBe("pk-secret-key");
  });

  it("throws the status and Portkey's message for an error answer", async () => {
    const call = sendPortkeyRequest({ ...base, url: `${origin}/denied`, headers: {} });
    await expect(call).rejects.toBeInstanceOf(PortkeyHttpError);
    await expect(sendPortkeyRequest({ ...base, url: `${origin}/denied`, headers: {} })).rejects.toThrow(
      /Portkey test call failed: Portkey returned HTTP 401: Invalid API Key/,
    );
  });

  it("stops reading a response larger than the limit", async () => {
    await expect(sendPortkeyRequest({ ...base, url: `${origin}/big`, headers: {} })).rejects.toThrow(/larger than 1000 bytes/);
  });

  it("gives up after the timeout", async () => {
    await expect(sendPortkeyRequest({ ...base, timeoutMs: 200, url: `${origin}/slow`, headers: {} })).rejects.toThrow(
      /Portkey test call failed: no answer within 0.2 s/,
    );
  });

  it("says which origin could not be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const call = sendPortkeyRequest({ ...base, url: `http://127.0.0.1:${port}/v1/models`, headers: {} });
    await expect(call).rejects.toBeInstanceOf(PortkeyRequestError);
    await expect(sendPortkeyRequest({ ...base, url: `http://127.0.0.1:${port}/v1/models`, headers: {} })).rejects.toThrow(
      `could not reach http://127.0.0.1:${port}`,
    );
  });
});
