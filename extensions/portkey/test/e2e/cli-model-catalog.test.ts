/**
 * The Model Catalog through the real OpenClaw CLI: onboarding picks one of the
 * models the user's Portkey workspace lists as primary, `models list --refresh`
 * asks the gateway (again after the workspace changed), and a listed model
 * answers a chat turn.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { createOpenClawSandbox, installPlugin, onboardArgs, PORTKEY_TEST_KEY, type OpenClawSandbox } from "../harness/openclaw-cli.ts";
import { currentReasoningModel } from "../support/openclaw-vendor-models.ts";

const CLAUDE = `@anthropic-prod/${currentReasoningModel("anthropic").row.id}`;
const WORKSPACE_MODELS = ["@openai-prod/gpt-4o", CLAUDE, "@openai-prod/gpt-image-1"];

let cloud: FakePortkeyCloud;
let sandbox: OpenClawSandbox;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY, models: WORKSPACE_MODELS });
  sandbox = await createOpenClawSandbox();
  const install = await installPlugin(sandbox);
  if (install.code !== 0) throw new Error(`plugins install failed:\n${install.output}`);
});

afterAll(async () => {
  await cloud?.close();
  await sandbox?.remove();
});

const modelSchema = z.object({ id: z.string() }).loose();
const configSchema = z
  .object({
    models: z.object({ providers: z.object({ portkey: z.object({ models: z.array(modelSchema) }).loose() }).loose() }).loose(),
    agents: z.object({ defaults: z.object({ model: z.object({ primary: z.string() }).loose() }).loose() }).loose(),
  })
  .loose();

async function readConfig(): Promise<z.infer<typeof configSchema>> {
  return configSchema.parse(JSON.parse((await sandbox.readConfigText()) ?? "{}"));
}

function modelListings() {
  return cloud.requests.filter((request) => request.method === "GET" && request.path === "/v1/models");
}

describe("the Portkey Model Catalog in a stock OpenClaw", () => {
  it("onboards, makes a listed model the primary one and saves no model rows", async () => {
    const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", cloud.baseUrl]));
    expect(onboard.code, onboard.output).toBe(0);
    expect(modelListings().at(-1)?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);

    const config = await readConfig();
    expect(config.agents.defaults.model.primary).toBe(`portkey/${CLAUDE}`);
    // Saved rows would win over OpenClaw's catalogs and go stale with them.
    expect(config.models.providers.portkey.models).toEqual([]);
  });

  it("lists the workspace's chat models with `models list --refresh`, asking the gateway with the key", async () => {
    const listingsBefore = modelListings().length;
    const list = await sandbox.run(["models", "list", "--provider", "portkey", "--refresh", "--json"]);
    expect(list.code, list.output).toBe(0);
    expect(list.stderr).not.toContain("could not refresh");
    const listed = z
      .object({ models: z.array(z.object({ key: z.string() }).loose()) })
      .loose()
      .parse(JSON.parse(list.stdout));
    const keys = listed.models.map((model) => model.key);
    expect(keys).toEqual(expect.arrayContaining(["portkey/@openai-prod/gpt-4o", `portkey/${CLAUDE}`]));
    expect(keys).not.toContain("portkey/@openai-prod/gpt-image-1");

    const listings = modelListings().slice(listingsBefore);
    expect(listings.length).toBeGreaterThan(0);
    for (const listing of listings) expect(listing.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);

    // A model added to the workspace later: the next refresh lists it.
    cloud.setModels([...WORKSPACE_MODELS, "@openai-prod/house-model-2"]);
    const again = await sandbox.run(["models", "list", "--provider", "portkey", "--refresh", "--json"]);
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain("portkey/@openai-prod/house-model-2");
  });

  it("answers a chat turn on a discovered model", async () => {
    const run = await sandbox.run(["infer", "model", "run", "--local", "--model", `portkey/${CLAUDE}`, "--prompt", "hi", "--json"]);
    expect(run.code, run.output).toBe(0);
    const result = z
      .object({ ok: z.boolean(), outputs: z.array(z.object({ text: z.string() }).loose()) })
      .loose()
      .parse(JSON.parse(run.stdout));
    expect(result.ok).toBe(true);
    expect(result.outputs[0]?.text).toBe(`pong from ${CLAUDE}`);
    const chat = cloud.requests.at(-1);
    expect(chat?.path).toBe("/v1/chat/completions");
    expect(chat?.json).toMatchObject({ model: CLAUDE });
    expect(chat?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
  });
});
