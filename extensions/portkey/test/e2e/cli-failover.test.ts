/**
 * OpenClaw's own model fallbacks with Portkey failures, through the real
 * `openclaw agent`: a budget-exhausted (412) primary Portkey model hands over
 * to a second Portkey model at once, and every retry keeps the Portkey key.
 */
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { createInstalledSandbox, onboardArgs, PORTKEY_TEST_KEY, type OpenClawSandbox } from "../harness/openclaw-cli.ts";

const PRIMARY = "@openai/gpt-4o";
const FALLBACK = "@anthropic/claude-sonnet-4-5";

let cloud: FakePortkeyCloud;
let sandbox: OpenClawSandbox;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY });
  sandbox = await createInstalledSandbox();
  const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", cloud.baseUrl]));
  if (onboard.code !== 0) throw new Error(`onboarding failed:\n${onboard.output}`);
  const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
  config.agents.defaults.model = { primary: `portkey/${PRIMARY}`, fallbacks: [`portkey/${FALLBACK}`] };
  await writeFile(sandbox.configPath, `${JSON.stringify(config, null, 2)}\n`);
});

afterAll(async () => {
  await cloud?.close();
  await sandbox?.remove();
});

function chatRequestsFor(model: string) {
  return cloud.requests.filter(
    (request) => request.path === "/v1/chat/completions" && JSON.stringify(request.json).includes(`"model":"${model}"`),
  );
}

describe("OpenClaw's model fallbacks on Portkey failures", () => {
  it("falls back from a budget-exhausted (412) Portkey model to another Portkey model after at most one more try", async () => {
    cloud.failModel(PRIMARY, {
      status: 412,
      body: {
        error: {
          message: "Budget limit exceeded for this API key. Please contact your administrator.",
          type: "budget_exceeded",
          code: "412",
        },
      },
    });
    const run = await sandbox.run(["agent", "--local", "--agent", "main", "--message", "hello", "--json"]);
    cloud.failModel(PRIMARY, undefined);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(`pong from ${FALLBACK}`);
    // The streamed turn reports the usage Portkey sent in its final chunk, not zeros.
    const usage = (JSON.parse(run.stdout) as { meta: { agentMeta: { usage?: { input: number; output: number; total: number } } } }).meta
      .agentMeta.usage;
    expect(usage?.input).toBeGreaterThan(0);
    expect(usage?.output).toBeGreaterThan(0);

    const primaryTries = chatRequestsFor(PRIMARY);
    expect(primaryTries.length).toBeGreaterThanOrEqual(1);
    expect(primaryTries.length).toBeLessThanOrEqual(2);
    expect(chatRequestsFor(FALLBACK).length).toBeGreaterThanOrEqual(1);
    for (const request of cloud.requests.filter((entry) => entry.path === "/v1/chat/completions")) {
      expect(request.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
      expect(request.headers.authorization).toBeUndefined();
      // The agent path knows its session: each request names it for Portkey's logs.
      expect(request.headers["x-portkey-trace-id"]).toMatch(/^openclaw-session-/);
      expect(JSON.parse(request.headers["x-portkey-metadata"] ?? "{}")).toMatchObject({
        openclaw_surface: "agent",
        openclaw_agent_id: "main",
      });
    }
  });
});
