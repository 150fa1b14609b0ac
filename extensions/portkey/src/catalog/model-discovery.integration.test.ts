import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODELS, startFakePortkeyCloud, type FakePortkeyCloud } from "../../test/harness/fake-portkey-cloud.ts";
import { checkPortkeyGateway } from "../onboarding/gateway-check.ts";
import { listPortkeyModelIds } from "./model-discovery.ts";
import type { PortkeySettings } from "../gateway/config/provider-settings.ts";

const API_KEY = "pk-test-models-0123456789";
const CONFIGURED_HEADERS = { "x-portkey-provider": "openai", "x-portkey-config": "pc-models-1" };

let cloud: FakePortkeyCloud;
/** A gateway that answers /v1/models with a fixed body, for answers the fake cloud never gives. */
let oddGateway: Server;
let oddGatewayOrigin: string;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: API_KEY });
  oddGateway = createServer((req, res) => {
    res.writeHead(200, { "content-type": req.url === "/html/v1/models" ? "text/html" : "application/json" });
    if (req.url === "/html/v1/models") res.end("<html>Welcome to nginx!</html>");
    else res.end(JSON.stringify({ object: "list", models: ["@openai/gpt-4o"] }));
  });
  await new Promise<void>((resolve) => oddGateway.listen(0, "127.0.0.1", resolve));
  oddGatewayOrigin = `http://127.0.0.1:${(oddGateway.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await cloud.close();
  oddGateway.closeAllConnections();
  await new Promise((resolve) => oddGateway.close(resolve));
});

function cloudSettings(): PortkeySettings {
  return { baseUrl: cloud.baseUrl, headers: CONFIGURED_HEADERS };
}

describe("listPortkeyModelIds", () => {
  it("returns the gateway's model ids and sends the key and the configured headers", async () => {
    const ids = await listPortkeyModelIds({ settings: cloudSettings(), apiKey: API_KEY });
    expect(ids).toEqual(DEFAULT_MODELS);
    const sent = cloud.requests.at(-1);
    expect(sent?.method).toBe("GET");
    expect(sent?.path).toBe("/v1/models");
    expect(sent?.headers["x-portkey-api-key"]).toBe(API_KEY);
    expect(sent?.headers["x-portkey-provider"]).toBe("openai");
    expect(sent?.headers["x-portkey-config"]).toBe("pc-models-1");
  });
});

describe("checkPortkeyGateway", () => {
  it("reports a key refused with 401 as rejected", async () => {
    const check = await checkPortkeyGateway({ settings: cloudSettings(), apiKey: "pk-wrong-key-0000" });
    expect(check.kind).toBe("rejected");
    expect(check).toHaveProperty("message", expect.stringContaining("HTTP 401"));
    expect(check).toHaveProperty("message", expect.not.stringContaining("pk-wrong-key-0000"));
  });

  it("reports a 403 (a key scoped away from listing) as unavailable, not as a rejected key", async () => {
    cloud.failNext(403, { status: "failure", message: "You do not have access to this workspace." });
    const check = await checkPortkeyGateway({ settings: cloudSettings(), apiKey: API_KEY });
    expect(check.kind).toBe("unavailable");
    expect(check).toHaveProperty("message", expect.stringContaining("HTTP 403"));
  });

  it("reports other error answers as unavailable with Portkey's message", async () => {
    cloud.failNext(400, { status: "failure", message: "Invalid config id pc-missing." });
    const check = await checkPortkeyGateway({ settings: cloudSettings(), apiKey: API_KEY });
    expect(check.kind).toBe("unavailable");
    expect(check).toHaveProperty("message", expect.stringContaining("Invalid config id pc-missing"));
  });

  it("reports an answer that is not JSON as unavailable", async () => {
    const check = await checkPortkeyGateway({ settings: { baseUrl: `${oddGatewayOrigin}/html/v1`, headers: {} }, apiKey: API_KEY });
    expect(check).toEqual({ kind: "unavailable", message: "Portkey model listing failed: the answer is not JSON." });
  });

  it("reports JSON without a `data` list as unavailable", async () => {
    const check = await checkPortkeyGateway({ settings: { baseUrl: `${oddGatewayOrigin}/v1`, headers: {} }, apiKey: API_KEY });
    expect(check).toEqual({ kind: "unavailable", message: "Portkey model listing failed: the answer has no `data` list of models." });
  });
});
