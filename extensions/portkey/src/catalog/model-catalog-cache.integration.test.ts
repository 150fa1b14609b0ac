import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../../test/harness/fake-portkey-cloud.ts";
import { createModelListCache, PORTKEY_MODEL_LIST_TTL_MS, type ModelListRequest } from "./model-catalog-cache.ts";
import type { PortkeySettings } from "../gateway/config/provider-settings.ts";

const API_KEY = "pk-test-cache-0123456789";
const MODELS = ["@openai-prod/gpt-4o", "@anthropic-prod/claude-sonnet-4-5"];

let cloud: FakePortkeyCloud;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: API_KEY, models: MODELS });
});

afterAll(async () => {
  await cloud.close();
});

function settings(headers: Record<string, string> = {}): PortkeySettings {
  return { baseUrl: cloud.baseUrl, headers };
}

function listingsSeen(): number {
  return cloud.requests.filter((request) => request.method === "GET" && request.path === "/v1/models").length;
}

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe("the model list cache", () => {
  it("asks the gateway at most once per TTL and again once it has passed", async () => {
    const clock = manualClock();
    const cache = createModelListCache({ now: clock.now });
    const before = listingsSeen();

    expect(await cache.get({ settings: settings(), apiKey: API_KEY })).toEqual(MODELS);
    clock.advance(PORTKEY_MODEL_LIST_TTL_MS - 1);
    expect(await cache.get({ settings: settings(), apiKey: API_KEY })).toEqual(MODELS);
    expect(listingsSeen() - before).toBe(1);

    clock.advance(1);
    expect(await cache.get({ settings: settings(), apiKey: API_KEY })).toEqual(MODELS);
    expect(listingsSeen() - before).toBe(2);
    expect(cloud.requests.at(-1)?.headers["x-portkey-api-key"]).toBe(API_KEY);
  });

  it("keeps separate lists per gateway, headers and key", async () => {
    const seen: ModelListRequest[] = [];
    const cache = createModelListCache({
      list: async (request) => {
        seen.push(request);
        return [`model-for-${request.apiKey}`];
      },
    });
    const base = { settings: { baseUrl: "https://gw.example/v1", headers: { "x-portkey-config": "pc-a" } }, apiKey: "pk-one-0000" };
    await cache.get(base);
    await cache.get({ ...base, settings: { ...base.settings, headers: { "X-Portkey-Config": "pc-a" } } });
    expect(seen).toHaveLength(1);

    await cache.get({ ...base, settings: { ...base.settings, headers: { "x-portkey-config": "pc-b" } } });
    await cache.get({ ...base, settings: { ...base.settings, baseUrl: "https://other.example/v1" } });
    expect(await cache.get({ ...base, apiKey: "pk-two-0000" })).toEqual(["model-for-pk-two-0000"]);
    expect(seen).toHaveLength(4);
  });

  it("hands out copies, so a caller cannot change what others get", async () => {
    const cache = createModelListCache();
    const first = await cache.get({ settings: settings(), apiKey: API_KEY });
    first.push("@evil/model");
    expect(await cache.get({ settings: settings(), apiKey: API_KEY })).toEqual(MODELS);
  });

  it("lets one caller give up without cancelling the shared request for the others", async () => {
    const answer = deferred<string[]>();
    let calls = 0;
    const cache = createModelListCache({
      list: () => {
        calls += 1;
        return answer.promise;
      },
    });
    const request = { settings: { baseUrl: "https://gw.example/v1", headers: {} }, apiKey: "pk-one-0000" };
    const controller = new AbortController();
    const impatient = cache.get({ ...request, signal: controller.signal });
    const patient = cache.get(request);
    controller.abort(new Error("caller gave up"));
    await expect(impatient).rejects.toThrow("caller gave up");

    answer.resolve(["@groq/llama-3.3-70b"]);
    expect(await patient).toEqual(["@groq/llama-3.3-70b"]);
    expect(await cache.get(request)).toEqual(["@groq/llama-3.3-70b"]);
    expect(calls).toBe(1);
  });

  it("asks nothing for a caller that gave up before asking", async () => {
    let calls = 0;
    const cache = createModelListCache({
      list: async () => {
        calls += 1;
        throw new Error("unreachable gateway");
      },
    });
    const request = { settings: { baseUrl: "https://gw.example/v1", headers: {} }, apiKey: "pk-one-0000" };
    await expect(cache.get({ ...request, signal: AbortSignal.abort(new Error("already gone")) })).rejects.toThrow("already gone");
    expect(calls).toBe(0);
  });
});
