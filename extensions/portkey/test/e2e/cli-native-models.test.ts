/**
 * Every model OpenClaw knows, through Portkey as through its own vendor, in
 * the real OpenClaw CLI. The models are chosen now, from the installed
 * OpenClaw's vendor catalogs (each vendor's first priced reasoning model), and
 * listed by the Portkey cloud stand-in under integration slugs that are not
 * OpenClaw provider ids. Each gets its vendor's context window and image
 * input in `models list`, the thinking levels OpenClaw offers natively, its
 * vendor's thinking parameters on the wire, and its vendor's prices; a
 * current Claude model caches its prompt through the real self-hosted gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startAnthropicStandIn, type AnthropicStandIn } from "../../harness/anthropic-stand-in.ts";
import { unreachableGatewayUrl } from "../../harness/closed-port.ts";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../../harness/fake-portkey-cloud.ts";
import { createOnboardedSandbox, createOpenClawSandbox, seedConfig, type OpenClawSandbox } from "../../harness/openclaw-cli.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../../harness/portkey-gateway.ts";
import { currentReasoningModel, priceOf, type VendorModel } from "../support/openclaw-vendor-models.ts";

/** Integration slugs as a Portkey workspace names them; none is an OpenClaw provider id. */
const SLUGS: Record<string, string> = { anthropic: "@anthropic-prod", openai: "@team-openai", google: "@gemini-team", xai: "@grok-prod" };
/** Keys the vendors' own providers need before OpenClaw checks a thinking level; nothing is sent with them. */
const VENDOR_KEY_VARIABLES: Record<string, string> = { anthropic: "ANTHROPIC_API_KEY", openai: "OPENAI_API_KEY", google: "GEMINI_API_KEY", xai: "XAI_API_KEY" };
/** Levels tried until OpenClaw refuses one and names the levels it accepts. */
const PROBE_LEVELS = ["adaptive", "ultra", "off", "minimal"];

const models: VendorModel[] = Object.keys(SLUGS).map(currentReasoningModel);
const portkeyIdOf = (model: VendorModel) => `${SLUGS[model.vendor]}/${model.row.id}`;
const byVendor = (vendor: string): VendorModel => {
  const found = models.find((model) => model.vendor === vendor);
  if (!found) throw new Error(`no ${vendor} model`);
  return found;
};

let cloud: FakePortkeyCloud;
let sandbox: OpenClawSandbox;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: "pk-e2e-4b9c1d7e2f", models: models.map(portkeyIdOf) });
  sandbox = await createOnboardedSandbox(cloud.baseUrl);
});

afterAll(async () => {
  await cloud?.close();
  await sandbox?.remove();
});

// OpenClaw leaves a bucket out of the report when it is empty.
const tokens = z.number().default(0);
const usageSchema = z.object({ input: tokens, output: tokens, cacheRead: tokens, cacheWrite: tokens, cost: z.object({ total: z.number() }).loose() }).loose();
const agentReportSchema = z.object({ meta: z.object({ agentMeta: z.object({ usage: usageSchema }).loose() }).loose() }).loose();

async function agentTurn(target: OpenClawSandbox, modelRef: string, thinking: string, options: { message?: string; env?: Record<string, string> } = {}) {
  const before = cloud.requests.length;
  const run = await target.run(
    ["agent", "--local", "--agent", "main", "--model", modelRef, "--thinking", thinking, "--timeout", "60", "--message", options.message ?? "hello", "--json"],
    options.env ? { env: options.env } : {},
  );
  const chats = cloud.requests.slice(before).filter((request) => request.path === "/v1/chat/completions");
  const body = z.record(z.string(), z.unknown()).catch({}).parse(chats.at(-1)?.json);
  const report = run.code === 0 ? agentReportSchema.safeParse(JSON.parse(run.stdout)) : undefined;
  if (report && !report.success) throw new Error(`agent --json without usage:\n${run.stdout.slice(0, 3000)}`);
  const usage = report?.data.meta.agentMeta.usage;
  return { run, chats, body, usage };
}

/** The levels OpenClaw names when it refuses one, e.g. "Use one of: low, medium, high." → ["low", "medium", "high"]. */
function namedLevels(output: string): string[] | undefined {
  return /Use one of: ([^.\n]+)\./.exec(output)?.[1]?.split(",").map((level) => level.trim());
}

/** The thinking levels OpenClaw accepts for a model: the list it gives when refusing a level. */
async function acceptedLevels(target: OpenClawSandbox, modelRef: string, env?: Record<string, string>): Promise<string[]> {
  for (const level of PROBE_LEVELS) {
    const turn = await agentTurn(target, modelRef, level, env ? { env } : {});
    const levels = namedLevels(turn.run.output);
    if (levels) return levels;
  }
  throw new Error(`OpenClaw accepted every probe level for ${modelRef}`);
}

describe("current models from OpenClaw's own catalogs, through Portkey", () => {
  it("lists each with its vendor's context window, default window and image input", async () => {
    const list = await sandbox.run(["models", "list", "--provider", "portkey", "--refresh", "--json"]);
    expect(list.code, list.output).toBe(0);
    const rowSchema = z.object({ key: z.string(), input: z.string(), contextWindow: z.number(), contextTokens: z.number().optional() }).loose();
    const listed = z.object({ models: z.array(rowSchema) }).loose().parse(JSON.parse(list.stdout)).models;
    for (const model of models) {
      const row = listed.find((entry) => entry.key === `portkey/${portkeyIdOf(model)}`);
      expect(row, portkeyIdOf(model)).toBeDefined();
      expect(row?.contextWindow, portkeyIdOf(model)).toBe(model.row.contextWindow);
      expect(row?.contextTokens, portkeyIdOf(model)).toBe(model.row.contextTokens);
      expect(row?.input.split("+").includes("image"), portkeyIdOf(model)).toBe(model.row.input?.includes("image") ?? false);
    }
  });

  it("offers exactly the thinking levels OpenClaw offers for the model through its own vendor", async () => {
    const native = await createOpenClawSandbox({ copyStateFrom: sandbox });
    try {
      // The vendors' own providers point at a closed loopback port: a level they accept fails at once, offline.
      const closed = await unreachableGatewayUrl();
      const config = JSON.parse((await native.readConfigText()) ?? "{}");
      const overlays = Object.fromEntries(models.map((model) => [model.vendor, { baseUrl: closed, models: [] }]));
      await seedConfig(native, { models: { ...config.models, providers: { ...config.models?.providers, ...overlays } } });
      const keys = Object.fromEntries(models.map((model) => [VENDOR_KEY_VARIABLES[model.vendor] ?? "", "offline-test-key"]));
      for (const model of models) {
        const throughVendor = await acceptedLevels(native, `${model.vendor}/${model.row.id}`, keys);
        const throughPortkey = await acceptedLevels(sandbox, `portkey/${portkeyIdOf(model)}`);
        expect(throughPortkey, portkeyIdOf(model)).toEqual(throughVendor);
      }
    } finally {
      await native.remove();
    }
  });

  it("sends Claude's thinking budget for --thinking high and xhigh, as Portkey takes it", async () => {
    const claude = portkeyIdOf(byVendor("anthropic"));
    const high = await agentTurn(sandbox, `portkey/${claude}`, "high");
    expect(high.run.code, high.run.output).toBe(0);
    expect(high.body.thinking).toEqual({ type: "enabled", budget_tokens: 16_384 });
    expect(high.body).not.toHaveProperty("reasoning_effort");
    const xhigh = await agentTurn(sandbox, `portkey/${claude}`, "xhigh");
    expect(xhigh.run.code, xhigh.run.output).toBe(0);
    expect(xhigh.body.thinking).toEqual({ type: "enabled", budget_tokens: 32_768 });
  });

  it("sends OpenAI's reasoning_effort for --thinking high and xhigh, as the vendor names them", async () => {
    const gpt = byVendor("openai");
    const high = await agentTurn(sandbox, `portkey/${portkeyIdOf(gpt)}`, "high");
    expect(high.run.code, high.run.output).toBe(0);
    expect(high.body.reasoning_effort).toBe("high");
    expect(high.body).not.toHaveProperty("thinking");
    expect(gpt.row.compat?.supportedReasoningEfforts).toContain("xhigh");
    const xhigh = await agentTurn(sandbox, `portkey/${portkeyIdOf(gpt)}`, "xhigh");
    expect(xhigh.run.code, xhigh.run.output).toBe(0);
    expect(xhigh.body.reasoning_effort).toBe(gpt.row.thinkingLevelMap?.xhigh ?? "xhigh");
  });

  it("reports a turn's cost at the vendor's prices for the usage Portkey reported", async () => {
    for (const vendor of ["anthropic", "openai"]) {
      const model = byVendor(vendor);
      const turn = await agentTurn(sandbox, `portkey/${portkeyIdOf(model)}`, "low");
      expect(turn.run.code, turn.run.output).toBe(0);
      const usage = turn.usage;
      expect(usage?.input, vendor).toBeGreaterThan(0);
      if (!usage) continue;
      expect(usage.cost.total, vendor).toBeGreaterThan(0);
      expect(usage.cost.total, vendor).toBeCloseTo(priceOf(model.row, usage), 9);
    }
  });
});

describe("a current Claude model through the real self-hosted gateway, with Anthropic's Messages API behind it", () => {
  let gateway: PortkeyGateway;
  let anthropic: AnthropicStandIn;
  let claudeSandbox: OpenClawSandbox;
  const claude = byVendor("anthropic");

  beforeAll(async () => {
    [gateway, anthropic] = await Promise.all([startPortkeyGateway(), startAnthropicStandIn({ apiKey: "sk-ant-stand-in-7c1e" })]);
    claudeSandbox = await createOpenClawSandbox({ copyStateFrom: sandbox });
    const headers = { "x-portkey-provider": "anthropic", "x-portkey-custom-host": anthropic.baseUrl, authorization: `Bearer ${anthropic.apiKey}` };
    const config = JSON.parse((await claudeSandbox.readConfigText()) ?? "{}");
    await seedConfig(claudeSandbox, { models: { ...config.models, providers: { portkey: { baseUrl: gateway.baseUrl, api: "openai-completions", models: [], headers } } } });
  });

  afterAll(async () => {
    await claudeSandbox?.remove();
    await Promise.all([gateway?.stop(), anthropic?.close()]);
  });

  it("marks the prompt for caching; turn 2 reads the cache and costs less, at Anthropic's prices", async () => {
    const ref = `portkey/${claude.row.id}`;
    const first = await agentTurn(claudeSandbox, ref, "low", { message: "What is a lighthouse?" });
    expect(first.run.code, first.run.output).toBe(0);
    const sent = anthropic.requests.at(-1)?.body;
    const markers = JSON.stringify(sent ?? null).split('"cache_control"').length - 1;
    expect(markers).toBeGreaterThan(0);
    expect(first.usage?.cacheWrite).toBeGreaterThan(0);
    const second = await agentTurn(claudeSandbox, ref, "low", { message: "And who keeps one?" });
    expect(second.run.code, second.run.output).toBe(0);
    expect(second.usage?.cacheRead).toBeGreaterThan(0);
    expect(second.usage?.cost.total).toBeLessThan(first.usage?.cost.total ?? 0);
    if (second.usage) expect(second.usage.cost.total).toBeCloseTo(priceOf(claude.row, second.usage), 9);
  });
});
