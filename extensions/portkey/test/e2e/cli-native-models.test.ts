/**
 * Every model OpenClaw knows, through Portkey as through its own vendor, in
 * the real OpenClaw CLI. The models are chosen now, from the installed
 * OpenClaw's vendor catalogs (each vendor's first priced reasoning model), and
 * listed by the Portkey cloud stand-in under integration slugs that are not
 * OpenClaw provider ids. Each gets its vendor's context window and image
 * input in `models list`, the thinking levels OpenClaw offers natively, its
 * vendor's names for the levels above high on the wire, and its vendor's
 * prices. Thinking, caching and tools through the real self-hosted gateway
 * are in cli-agent-turns.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { unreachableGatewayUrl } from "../harness/closed-port.ts";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { createOnboardedSandbox, createOpenClawSandbox, seedConfig, type OpenClawSandbox } from "../harness/openclaw-cli.ts";
import { agentTurn } from "../support/agent-turn.ts";
import { currentReasoningModel, priceOf, type VendorModel } from "../support/openclaw-vendor-models.ts";

const THINKING_LEVELS_TIMEOUT_MS = 360_000;

/** Integration slugs as a Portkey workspace names them; none is an OpenClaw provider id. */
const SLUGS: Record<string, string> = { anthropic: "@anthropic-prod", openai: "@team-openai", google: "@gemini-team", xai: "@grok-prod" };
/** Keys the vendors' own providers need before OpenClaw checks a thinking level; nothing is sent with them. */
const VENDOR_KEY_VARIABLES: Record<string, string> = {
  anthropic: "ANTHROPIC_API_KEY",
  openai: "OPENAI_API_KEY",
  google: "GEMINI_API_KEY",
  xai: "XAI_API_KEY",
};
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

const turn = (target: OpenClawSandbox, modelRef: string, thinking: string, env?: Record<string, string>) =>
  agentTurn(target, modelRef, thinking, { requests: () => cloud.requests, ...(env ? { env } : {}) });

/** The levels OpenClaw names when it refuses one, e.g. "Use one of: low, medium, high." → ["low", "medium", "high"]. */
function namedLevels(output: string): string[] | undefined {
  return /Use one of: ([^.\n]+)\./
    .exec(output)?.[1]
    ?.split(",")
    .map((level) => level.trim());
}

/** The thinking levels OpenClaw accepts for a model: the list it gives when refusing a level. */
async function acceptedLevels(target: OpenClawSandbox, modelRef: string, env?: Record<string, string>): Promise<string[]> {
  for (const level of PROBE_LEVELS) {
    const refused = await turn(target, modelRef, level, env);
    const levels = namedLevels(refused.run.output);
    if (levels) return levels;
  }
  throw new Error(`OpenClaw accepted every probe level for ${modelRef}`);
}

describe("current models from OpenClaw's own catalogs, through Portkey", () => {
  it("lists each with its vendor's context window, default window and image input", async () => {
    const list = await sandbox.run(["models", "list", "--provider", "portkey", "--refresh", "--json"]);
    expect(list.code, list.output).toBe(0);
    const rowSchema = z
      .object({ key: z.string(), input: z.string(), contextWindow: z.number(), contextTokens: z.number().optional() })
      .loose();
    const listed = z
      .object({ models: z.array(rowSchema) })
      .loose()
      .parse(JSON.parse(list.stdout)).models;
    for (const model of models) {
      const row = listed.find((entry) => entry.key === `portkey/${portkeyIdOf(model)}`);
      expect(row, portkeyIdOf(model)).toBeDefined();
      expect(row?.contextWindow, portkeyIdOf(model)).toBe(model.row.contextWindow);
      expect(row?.contextTokens, portkeyIdOf(model)).toBe(model.row.contextTokens);
      expect(row?.input.split("+").includes("image"), portkeyIdOf(model)).toBe(model.row.input?.includes("image") ?? false);
    }
  });

  // Two CLI turns per vendor and per probed level, each a whole OpenClaw start-up: longer than the project's default.
  it(
    "offers exactly the thinking levels OpenClaw offers for the model through its own vendor",
    async () => {
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
    },
    THINKING_LEVELS_TIMEOUT_MS,
  );

  it("sends a level above high as each vendor takes it: OpenAI's reasoning_effort, Claude's thinking budget", async () => {
    const gpt = byVendor("openai");
    expect(gpt.row.compat?.supportedReasoningEfforts).toContain("xhigh");
    const xhigh = await turn(sandbox, `portkey/${portkeyIdOf(gpt)}`, "xhigh");
    expect(xhigh.run.code, xhigh.run.output).toBe(0);
    expect(xhigh.body.reasoning_effort).toBe(gpt.row.thinkingLevelMap?.xhigh ?? "xhigh");
    expect(xhigh.body).not.toHaveProperty("thinking");
    const claude = byVendor("anthropic");
    expect(claude.row.thinkingLevelMap?.xhigh).toBeDefined();
    const claudeXhigh = await turn(sandbox, `portkey/${portkeyIdOf(claude)}`, "xhigh");
    expect(claudeXhigh.run.code, claudeXhigh.run.output).toBe(0);
    expect(claudeXhigh.body.thinking).toEqual({ type: "enabled", budget_tokens: 32_768 });
    expect(claudeXhigh.body).not.toHaveProperty("reasoning_effort");
  });

  it("reports a turn's cost at the vendor's prices for the usage Portkey reported", async () => {
    for (const vendor of ["anthropic", "openai"]) {
      const model = byVendor(vendor);
      const plain = await turn(sandbox, `portkey/${portkeyIdOf(model)}`, "low");
      expect(plain.run.code, plain.run.output).toBe(0);
      const usage = plain.usage;
      expect(usage?.input, vendor).toBeGreaterThan(0);
      if (!usage) continue;
      expect(usage.cost.total, vendor).toBeGreaterThan(0);
      expect(usage.cost.total, vendor).toBeCloseTo(priceOf(model.row, usage), 9);
    }
  });
});
