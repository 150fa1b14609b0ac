/**
 * Portkey spend and budgets in OpenClaw's usage view, and the doctor's budget
 * line, with the real OpenClaw CLI against the Portkey cloud stand-in's Admin
 * API. The admin key lives in its own variable: it reaches only the Admin
 * endpoints, never an inference call, a file or an output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedLoopbackPort } from "../harness/closed-port.ts";
import type { FakePortkeyAdminOptions } from "../harness/fake-portkey-admin.ts";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import {
  createOnboardedSandbox,
  createOpenClawSandbox,
  filesContaining,
  PORTKEY_TEST_KEY,
  seedConfig,
  type OpenClawSandbox,
} from "../harness/openclaw-cli.ts";

const ADMIN_KEY = "pk-admin-e2e-7d31c9";
const withAdminKey = { env: { PORTKEY_ADMIN_API_KEY: ADMIN_KEY } };
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const admin: FakePortkeyAdminOptions = {
  adminKey: ADMIN_KEY,
  costs: [
    { at: daysAgo(2), cents: 1234 },
    { at: daysAgo(60), cents: 50_000 },
  ],
  policies: [
    {
      id: "0f4d7a2e-3b1c-4e5f-8a9b-6c7d8e9f0a1b",
      name: "Team monthly",
      type: "cost",
      creditLimit: 50,
      periodicReset: "monthly",
      usage: { "api_key:e2e": 12.34 },
    },
  ],
};

let cloud: FakePortkeyCloud;
let sandbox: OpenClawSandbox;

const isAdminCall = (path: string) => path.startsWith("/v1/analytics/") || path.startsWith("/v1/policies/");

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY, admin });
  sandbox = await createOnboardedSandbox(cloud.baseUrl);
  // `status` spends its time budget waiting for a local gateway daemon; a remote one that refuses at once leaves it to usage.
  const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
  // The stand-in plays Portkey's control plane on loopback: the admin key goes there only because it is named.
  const plugins = {
    ...config.plugins,
    entries: { ...config.plugins?.entries, portkey: { ...config.plugins?.entries?.portkey, config: { usageAdminBaseUrl: cloud.baseUrl } } },
  };
  await seedConfig(sandbox, {
    ...config,
    plugins,
    gateway: { ...config.gateway, mode: "remote", remote: { url: `ws://127.0.0.1:${await closedLoopbackPort()}` } },
  });
});

afterAll(async () => {
  await cloud?.close();
  await sandbox?.remove();
});

/** The usage section of `openclaw status --usage`. */
function usageSection(stdout: string): string {
  const start = stdout.indexOf("Usage:");
  return start < 0 ? "" : stdout.slice(start, stdout.indexOf("\n\n", start));
}

describe("openclaw status --usage", () => {
  it("shows the last 30 days' spend and each budget's use, limit and what is left, asked with the admin key only", async () => {
    const before = cloud.requests.length;
    const run = await sandbox.run(["status", "--usage"], withAdminKey);
    expect(run.code, run.output).toBe(0);
    const usage = usageSection(run.stdout);
    expect(usage).toMatch(/^ {2}Portkey$/m);
    expect(usage).toContain("Spend, last 30 days: $12.34");
    expect(usage).toContain("Team monthly: $12.34 / $50.00");
    expect(usage).toContain("Team monthly: 75% left");
    expect(usage).toContain("$37.66 left of $50.00 on Team monthly");
    const adminCalls = cloud.requests.slice(before).filter((request) => isAdminCall(request.path));
    expect(adminCalls.map((request) => request.path)).toContain("/v1/analytics/graphs/cost");
    for (const request of adminCalls) expect(request.headers["x-portkey-api-key"]).toBe(ADMIN_KEY);
    expect(run.output).not.toContain(ADMIN_KEY);
    expect(run.output).not.toContain(PORTKEY_TEST_KEY);
  });

  it("without an admin key, says in one line what to set, and asks Portkey nothing with the inference key", async () => {
    const before = cloud.requests.length;
    const run = await sandbox.run(["status", "--usage"]);
    expect(run.code, run.output).toBe(0);
    expect(usageSection(run.stdout)).toMatch(/^ {2}portkey: no spend shown: set PORTKEY_ADMIN_API_KEY to a Portkey Admin API key .*$/m);
    expect(cloud.requests.slice(before).filter((request) => isAdminCall(request.path))).toEqual([]);
  });

  it("sends the admin key to no gateway but Portkey cloud or the admin URL named for it, and says which setting turns spend on", async () => {
    const unnamed = await createOpenClawSandbox({ copyStateFrom: sandbox });
    try {
      const config = JSON.parse((await unnamed.readConfigText()) ?? "{}");
      delete config.plugins.entries.portkey.config;
      await seedConfig(unnamed, config);
      const before = cloud.requests.length;
      const run = await unnamed.run(["status", "--usage"], withAdminKey);
      expect(run.code, run.output).toBe(0);
      expect(usageSection(run.stdout)).toMatch(
        /^ {2}Portkey: no spend shown: PORTKEY_ADMIN_API_KEY goes only to Portkey cloud .*usageAdminBaseUrl.*$/m,
      );
      expect(cloud.requests.slice(before).filter((request) => JSON.stringify(request.headers).includes(ADMIN_KEY))).toEqual([]);
      expect(run.output).not.toContain(ADMIN_KEY);
    } finally {
      await unnamed.remove();
    }
  });

  it("never sends the admin key on inference, nor keeps it in a file", async () => {
    const before = cloud.requests.length;
    const run = await sandbox.run(
      ["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "ping", "--json"],
      withAdminKey,
    );
    expect(run.code, run.output).toBe(0);
    const inference = cloud.requests.slice(before);
    expect(inference.map((request) => request.path)).toContain("/v1/chat/completions");
    for (const request of inference) {
      expect(request.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
      expect(JSON.stringify(request.headers)).not.toContain(ADMIN_KEY);
    }
    expect(await filesContaining(sandbox.root, ADMIN_KEY)).toEqual([]);
  });
});

describe("openclaw portkey doctor, budget", () => {
  it("reports spend and what is left when the admin key is set, and fails once a budget is used up", async () => {
    const healthy = await sandbox.run(["portkey", "doctor"], withAdminKey);
    expect(healthy.code, healthy.output).toBe(0);
    expect(healthy.stdout).toMatch(/^ok +budget: \$12\.34 spent in 30d; \$37\.66 left of \$50\.00 on Team monthly$/m);
    expect(healthy.stdout).toMatch(/^ok +transcription: /m);

    const policy = admin.policies[0];
    if (!policy) throw new Error("no policy");
    const used = policy.usage["api_key:e2e"];
    policy.usage["api_key:e2e"] = 50;
    try {
      const exhausted = await sandbox.run(["portkey", "doctor"], withAdminKey);
      expect(exhausted.code).not.toBe(0);
      expect(exhausted.stdout).toMatch(/^FAIL budget: \$12\.34 spent in 30d; used up: Team monthly$/m);
      expect(exhausted.output).not.toContain(ADMIN_KEY);
    } finally {
      if (used !== undefined) policy.usage["api_key:e2e"] = used;
    }

    const withoutKey = await sandbox.run(["portkey", "doctor"]);
    expect(withoutKey.stdout).toMatch(/^ok +budget: not checked: set PORTKEY_ADMIN_API_KEY/m);
  });
});
