import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../../test/harness/fake-portkey-cloud.ts";
import { PLUGIN_DIR } from "../../test/harness/openclaw-cli.ts";
import { useIsolatedOpenClawState } from "../../test/support/isolated-openclaw-state.ts";
import { buildPortkeyEmbeddingProvider } from "./embedding-provider.ts";
import { PORTKEY_DEFAULT_EMBEDDING_MODEL_ID } from "./embedding-defaults.ts";

const API_KEY = "pk-test-embeddings-5d2c";
let cloud: FakePortkeyCloud;
useIsolatedOpenClawState({ portkeyApiKey: API_KEY });

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: API_KEY });
});

afterAll(async () => {
  await cloud.close();
});

async function embedder(model: string, dimensions?: number) {
  const adapter = buildPortkeyEmbeddingProvider({ attribution: true });
  // OpenClaw maps PORTKEY_API_KEY to `portkey` through the manifest of a plugin it has discovered.
  const config = { plugins: { load: { paths: [PLUGIN_DIR] } }, models: { providers: { portkey: { baseUrl: cloud.baseUrl, models: [] } } } };
  const created = await adapter.create({ config, model, ...(dimensions ? { dimensions } : {}) });
  if (!created.provider) throw new Error("no embedder");
  return created.provider;
}

const embeddingRequests = () => cloud.requests.filter((request) => request.path === "/v1/embeddings");

describe("Portkey embeddings", () => {
  it("sends large batches in bounded requests and keeps the input order", async () => {
    const inputs = Array.from({ length: 130 }, (_, index) => `note number ${index}`);
    const before = embeddingRequests().length;
    const vectors = await (await embedder("portkey/text-embedding-3-small")).embedBatch(inputs);
    const sent = embeddingRequests().slice(before);
    expect(sent.map((request) => (request.json as { input: string[] }).input.length)).toEqual([64, 64, 2]);
    expect(sent[0]?.json).toMatchObject({ model: "text-embedding-3-small" });
    const single = await (await embedder("text-embedding-3-small")).embed("note number 129");
    expect(vectors).toHaveLength(130);
    expect(vectors[129]).toEqual(single);
  });

  it("asks for the configured dimensions and uses the default model when none is given", async () => {
    const provider = await embedder("", 32);
    expect(provider.model).toBe(PORTKEY_DEFAULT_EMBEDDING_MODEL_ID);
    expect(await provider.embed("a lighthouse")).toHaveLength(32);
    expect(embeddingRequests().at(-1)?.json).toMatchObject({ model: PORTKEY_DEFAULT_EMBEDDING_MODEL_ID, dimensions: 32 });
  });
});
