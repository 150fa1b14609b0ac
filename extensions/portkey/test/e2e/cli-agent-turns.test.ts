/**
 * Agent turns as good as the vendor's own provider, through the real OpenClaw
 * CLI: `openclaw agent --local --thinking <level>` against the Portkey cloud
 * stand-in; reasoning_effort and a tool-calling turn through the real
 * self-hosted gateway in front of the OpenAI vendor stand-in; and Claude's
 * thinking, prompt caching and tool use through the real gateway in front of
 * the Anthropic Messages stand-in.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud, type RecordedRequest } from "../harness/fake-portkey-cloud.ts";
import {
  createOnboardedSandbox,
  createOpenClawSandbox,
  PORTKEY_TEST_KEY,
  seedConfig,
  type OpenClawSandbox,
} from "../harness/openclaw-cli.ts";
import { startAnthropicStandIn, type AnthropicStandIn } from "../harness/anthropic-stand-in.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../harness/portkey-gateway.ts";
import { startVendorStandIn, type VendorStandIn } from "../harness/vendor-stand-in.ts";
import { currentReasoningModel, priceOf } from "../support/openclaw-vendor-models.ts";
import { agentTurn, type AgentUsage } from "../support/agent-turn.ts";

// Current models, from the installed OpenClaw's own catalogs; gpt-4o is not among them and so reasons not.
const GPT_ROW = currentReasoningModel("openai").row;
const CLAUDE_ROW = currentReasoningModel("anthropic").row;
const GPT = `@openai-prod/${GPT_ROW.id}`;
const CLAUDE = `@anthropic-prod/${CLAUDE_ROW.id}`;
const PLAIN = "@openai-prod/gpt-4o";

let cloud: FakePortkeyCloud;
let installed: OpenClawSandbox;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY, models: [GPT, CLAUDE, PLAIN] });
  installed = await createOnboardedSandbox(cloud.baseUrl);
});

afterAll(async () => {
  await cloud?.close();
  await installed?.remove();
});

/** One agent turn on a Portkey model; the requests are those of the server behind the plugin. */
const turn = (sandbox: OpenClawSandbox, model: string, thinking: string, requests: () => RecordedRequest[], message?: string) =>
  agentTurn(sandbox, `portkey/${model}`, thinking, { requests, ...(message ? { message } : {}) });

/** Writes a file into the workspace the sandbox's agent works in. */
async function writeWorkspaceFile(sandbox: OpenClawSandbox, name: string, text: string): Promise<void> {
  const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
  await writeFile(join(config.agents?.defaults?.workspace ?? sandbox.workspaceDir, name), text);
}

const totalCost = (usage: AgentUsage | undefined) => usage?.cost.total ?? Number.NaN;
/** The usage OpenClaw reported for a turn; a turn without one fails the test here. */
function reportedUsage(turnResult: { usage?: AgentUsage | undefined }): AgentUsage {
  if (!turnResult.usage) throw new Error("OpenClaw reported no usage for the turn");
  return turnResult.usage;
}

describe("thinking levels through Portkey cloud", () => {
  const requests = () => cloud.requests;

  it("sends OpenAI's reasoning_effort for a current GPT model, and what the model takes for its lowest level", async () => {
    const high = await turn(installed, GPT, "high", requests);
    expect(high.run.code, high.run.output).toBe(0);
    expect(high.body.reasoning_effort).toBe("high");
    expect(high.body).not.toHaveProperty("thinking");
    const low = await turn(installed, GPT, "low", requests);
    expect(low.run.code, low.run.output).toBe(0);
    expect(low.body.reasoning_effort).toBe("low");
  });

  it("offers no thinking level but off for a model without reasoning, and sends it nothing", async () => {
    const refused = await turn(installed, PLAIN, "high", requests);
    expect(refused.run.code).not.toBe(0);
    expect(refused.run.output).toMatch(/off/);
    expect(refused.chats).toEqual([]);
    const plain = await turn(installed, PLAIN, "off", requests);
    expect(plain.run.code, plain.run.output).toBe(0);
    expect(plain.body).not.toHaveProperty("reasoning_effort");
    expect(plain.body).not.toHaveProperty("thinking");
  });
});

describe("a session and metadata in every script", () => {
  it("answers a turn whose session id and configured metadata are not Latin-1, and Portkey reads them as written", async () => {
    const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
    try {
      const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
      config.models.providers.portkey.headers = { "x-portkey-metadata": JSON.stringify({ team: "Zürich ☃", region: "日本" }) };
      await seedConfig(sandbox, config);
      const session = "Résumé-☃-日本";
      const before = cloud.requests.length;
      const run = await sandbox.run([
        "agent",
        "--local",
        "--agent",
        "main",
        "--session-id",
        session,
        "--model",
        `portkey/${PLAIN}`,
        "--message",
        "hello",
        "--json",
      ]);
      expect(run.code, run.output).toBe(0);
      const chat = cloud.requests.slice(before).find((request) => request.path === "/v1/chat/completions");
      expect(decodeURIComponent(chat?.headers["x-portkey-trace-id"] ?? "")).toContain(session);
      expect(JSON.parse(chat?.headers["x-portkey-metadata"] ?? "{}")).toMatchObject({
        team: "Zürich ☃",
        region: "日本",
        openclaw_surface: "agent",
      });
    } finally {
      await sandbox.remove();
    }
  });
});

describe("agent turns through the real self-hosted gateway", () => {
  let gateway: PortkeyGateway;
  let vendor: VendorStandIn;
  let sandbox: OpenClawSandbox;

  beforeAll(async () => {
    [gateway, vendor] = await Promise.all([
      startPortkeyGateway(),
      startVendorStandIn({ name: "vendor", apiKey: "sk-thinking-vendor", models: [GPT_ROW.id] }),
    ]);
    // Onboarded for this gateway: a key is sent only to the gateway it was stored for.
    sandbox = await createOnboardedSandbox(gateway.baseUrl);
    const provider = { baseUrl: gateway.baseUrl, api: "openai-completions", models: [], headers: vendor.gatewayHeaders() };
    await seedConfig(sandbox, { ...JSON.parse((await sandbox.readConfigText()) ?? "{}"), models: { providers: { portkey: provider } } });
  });

  afterAll(async () => {
    await sandbox?.remove();
    await Promise.all([gateway?.stop(), vendor?.close()]);
  });

  it("hands OpenAI's reasoning_effort on to the vendor and reports OpenAI's cached tokens on turn 2, at the vendor's prices", async () => {
    const high = await turn(sandbox, GPT_ROW.id, "high", () => vendor.requests);
    expect(high.run.code, high.run.output).toBe(0);
    expect(high.body.reasoning_effort).toBe("high");
    const low = await turn(sandbox, GPT_ROW.id, "low", () => vendor.requests);
    expect(low.run.code, low.run.output).toBe(0);
    expect(low.body.reasoning_effort).toBe("low");
    // The second turn repeats the first one's prompt prefix, which OpenAI caches by itself.
    expect(low.usage?.cacheRead).toBeGreaterThan(0);
    expect(totalCost(low.usage)).toBeLessThan(totalCost(high.usage));
    expect(totalCost(low.usage)).toBeCloseTo(priceOf(GPT_ROW, reportedUsage(low)), 9);
  });

  it("completes a tool-calling turn: the model reads a file in the workspace with OpenClaw's read tool, streamed in pieces", async () => {
    await writeWorkspaceFile(sandbox, "notes.txt", "The keeper is named Ada.\n");
    const before = vendor.requests.length;
    const run = await sandbox.run([
      "agent",
      "--local",
      "--agent",
      "main",
      "--model",
      "portkey/gpt-4o-mini",
      "--message",
      "Please read the file notes.txt",
      "--json",
    ]);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain("The keeper is named Ada.");
    const chats = vendor.requests.slice(before).filter((request) => request.path === "/v1/chat/completions");
    // The call, then the turn that carries the tool's result back.
    expect(chats.length).toBeGreaterThanOrEqual(2);
    const messages =
      (chats.at(-1)?.json as { messages?: { role: string; content?: unknown; tool_calls?: unknown }[] } | undefined)?.messages ?? [];
    expect(messages.find((message) => message.role === "assistant" && message.tool_calls)).toMatchObject({
      tool_calls: [{ function: { name: "read", arguments: '{"path":"notes.txt"}' } }],
    });
    expect(JSON.stringify(messages.find((message) => message.role === "tool"))).toContain("The keeper is named Ada.");
    for (const chat of chats) {
      expect(chat.headers.authorization).toBe(`Bearer ${vendor.apiKey}`);
      expect(chat.headers).not.toHaveProperty("x-portkey-api-key");
    }
  });
});

describe("Claude through the real self-hosted gateway, with Anthropic's Messages API behind it", () => {
  const CLAUDE_ID = CLAUDE_ROW.id;
  let gateway: PortkeyGateway;
  let anthropic: AnthropicStandIn;
  let sandbox: OpenClawSandbox;
  const requests = () =>
    anthropic.requests.map(
      (request) => ({ path: "/v1/chat/completions", json: request.body, headers: request.headers }) as unknown as RecordedRequest,
    );

  beforeAll(async () => {
    [gateway, anthropic] = await Promise.all([startPortkeyGateway(), startAnthropicStandIn({ apiKey: "sk-ant-stand-in-4f2a" })]);
    sandbox = await createOnboardedSandbox(gateway.baseUrl);
    const headers = {
      "x-portkey-provider": "anthropic",
      "x-portkey-custom-host": anthropic.baseUrl,
      authorization: `Bearer ${anthropic.apiKey}`,
    };
    const provider = { baseUrl: gateway.baseUrl, api: "openai-completions", models: [], headers };
    // OpenClaw's catalog marks current Claude models as code-mode performers, so OpenClaw would put the
    // tools behind its code-mode `exec` as it does natively; the stand-in answers plain tool calls.
    const tools = { codeMode: { enabled: false } };
    await seedConfig(sandbox, {
      ...JSON.parse((await sandbox.readConfigText()) ?? "{}"),
      models: { providers: { portkey: provider } },
      tools,
    });
  });

  afterAll(async () => {
    await sandbox?.remove();
    await Promise.all([gateway?.stop(), anthropic?.close()]);
  });

  it("caches the prompt at Anthropic: turn 2 of a session reads it, and OpenClaw reports a lower cost", async () => {
    const first = await turn(sandbox, CLAUDE_ID, "low", requests, "What is a lighthouse?");
    expect(first.run.code, first.run.output).toBe(0);
    // The first Claude turn of this Anthropic account: nothing to read yet.
    expect(first.usage).toMatchObject({ cacheRead: 0 });
    expect(first.usage?.cacheWrite).toBeGreaterThan(0);
    const markers = (value: unknown) => JSON.stringify(value ?? null).split('"cache_control"').length - 1;
    expect([markers(first.body.system), markers(first.body.tools), markers(first.body.messages)].every((count) => count > 0)).toBe(true);
    const second = await turn(sandbox, CLAUDE_ID, "low", requests, "And who keeps one?");
    expect(second.run.code, second.run.output).toBe(0);
    expect(second.usage?.cacheRead).toBeGreaterThan(0);
    expect(totalCost(second.usage)).toBeLessThan(totalCost(first.usage));
    expect(totalCost(second.usage)).toBeCloseTo(priceOf(CLAUDE_ROW, reportedUsage(second)), 9);
  });

  it("arrives at Anthropic with a valid thinking budget per level and the vendor's key alone, and the thinking stays out of the answer", async () => {
    const high = await turn(sandbox, CLAUDE_ID, "high", requests);
    expect(high.run.code, high.run.output).toBe(0);
    // The stand-in refuses a budget under 1024, one not below max_tokens, and a temperature while thinking.
    expect(high.body.thinking).toEqual({ type: "enabled", budget_tokens: 16_384 });
    expect(high.run.stdout).toContain(`claude says: pong from ${CLAUDE_ID}`);
    expect(high.run.stdout).not.toContain("Weighing what the user asked");
    const sent = anthropic.requests.at(-1);
    expect(sent?.headers["x-api-key"]).toBe(anthropic.apiKey);
    expect(JSON.stringify(sent?.headers)).not.toContain(PORTKEY_TEST_KEY);
    // A level above high, where the model offers one (OpenClaw's catalog says so through the thinking map).
    // oxlint-disable vitest/no-conditional-expect -- the level exists only where OpenClaw's catalog offers it
    if (CLAUDE_ROW.thinkingLevelMap?.xhigh) {
      const xhigh = await turn(sandbox, CLAUDE_ID, "xhigh", requests);
      expect(xhigh.run.code, xhigh.run.output).toBe(0);
      expect(xhigh.body.thinking).toEqual({ type: "enabled", budget_tokens: 32_768 });
    }
    // oxlint-enable vitest/no-conditional-expect
  });

  it("completes a tool-calling turn with Anthropic's tool_use streamed in pieces", async () => {
    await writeWorkspaceFile(sandbox, "harbour.txt", "The harbour light is green.\n");
    const run = await sandbox.run([
      "agent",
      "--local",
      "--agent",
      "main",
      "--model",
      `portkey/${CLAUDE_ID}`,
      "--message",
      "Please read the file harbour.txt",
      "--json",
    ]);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain("The harbour light is green.");
    const lastTurn = anthropic.requests.at(-1)?.body.messages ?? [];
    expect(JSON.stringify(lastTurn)).toContain('"type":"tool_result"');
  });
});
