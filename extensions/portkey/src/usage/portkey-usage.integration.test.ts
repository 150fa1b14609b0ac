import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../../test/harness/fake-portkey-cloud.ts";
import type { FakePortkeyAdminOptions } from "../../test/harness/fake-portkey-admin.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../../test/harness/portkey-gateway.ts";
import { PORTKEY_ADMIN_API_KEY_ENV } from "../gateway/config/defaults.ts";
import { adminApiBaseUrl, fetchPortkeyUsageSnapshot, resolvePortkeyUsageAuth } from "./portkey-usage.ts";

const INFERENCE_KEY = "pk-usage-inference-61c0";
const ADMIN_KEY = "pk-usage-admin-93be";
const NOW = Date.parse("2026-12-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

const admin: FakePortkeyAdminOptions = {
  adminKey: ADMIN_KEY,
  // The last entry is outside the 30-day window.
  costs: [
    { at: daysAgo(1), cents: 734 },
    { at: daysAgo(20), cents: 500 },
    { at: daysAgo(45), cents: 99_999 },
    { at: daysAgo(3), cents: 4200, workspace: "research" },
  ],
  policies: [
    // A name with terminal escapes, as a hostile server might send: they never reach the terminal.
    {
      id: "7b0e2c4a-1f7e-4b8a-9c35-0d6f1e2a3b4c",
      name: "\u001b[2J\u001b[31mTeam monthly\u001b]0;pwned\u0007",
      type: "cost",
      creditLimit: 50,
      periodicReset: "monthly",
      nextUsageResetAt: "2027-01-01T00:00:00Z",
      usage: { "api_key:5f1e": 12.34 },
    },
    {
      id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
      name: "Research cap",
      type: "cost",
      creditLimit: 100,
      usage: { "workspace:research": 42 },
      workspace: "research",
    },
    {
      id: "c2d3e4f5-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
      name: "Tokens per key",
      type: "tokens",
      creditLimit: 1000,
      periodicReset: "weekly",
      usage: { "api_key:5f1e": 900, "api_key:8a2b": 100 },
    },
  ],
};

let cloud: FakePortkeyCloud;
let gateway: PortkeyGateway;

beforeAll(async () => {
  [cloud, gateway] = await Promise.all([startFakePortkeyCloud({ apiKey: INFERENCE_KEY, admin }), startPortkeyGateway()]);
});

afterAll(async () => {
  await Promise.all([cloud?.close(), gateway?.stop()]);
});

// The stand-ins listen on loopback, not at Portkey cloud's address: the admin URL is named for them, as a
// user with their own control plane names it.
const configFor = (baseUrl: string, usageWorkspace?: string, usageAdminBaseUrl: string | undefined = baseUrl) => ({
  models: { providers: { portkey: { baseUrl, models: [] } } },
  plugins: {
    entries: {
      portkey: { config: { ...(usageWorkspace ? { usageWorkspace } : {}), ...(usageAdminBaseUrl ? { usageAdminBaseUrl } : {}) } },
    },
  },
});
const snapshotWith = (token: string, baseUrl = cloud.baseUrl, usageWorkspace?: string, usageAdminBaseUrl?: string) =>
  fetchPortkeyUsageSnapshot({ config: configFor(baseUrl, usageWorkspace, usageAdminBaseUrl ?? baseUrl), token, timeoutMs: 10_000 }, NOW);

/** The fields Portkey's OpenAPI spec marks required in the answers the usage view reads. */
const specCostGraph = z.object({
  summary: z.object({ total: z.number().int(), avg: z.number().int() }),
  data_points: z.array(z.object({ timestamp: z.iso.datetime({ offset: true }), total: z.number().int(), avg: z.number().int() })),
  object: z.literal("analytics-graph"),
});
const specPolicy = z.object({
  id: z.string(),
  type: z.enum(["cost", "tokens"]),
  status: z.enum(["active", "archived"]),
  workspace_id: z.string(),
  organisation_id: z.string(),
  created_at: z.iso.datetime({ offset: true }),
  last_updated_at: z.iso.datetime({ offset: true }),
});
const specPolicyList = z.object({ object: z.literal("list"), data: z.array(specPolicy), total: z.number().int() });

async function adminGet(path: string, key = ADMIN_KEY): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${cloud.baseUrl}${path}`, { headers: { "x-portkey-api-key": key } });
  return { status: response.status, body: await response.json() };
}

describe("the cloud stand-in's Admin API", () => {
  it("answers in the shapes of Portkey's spec, requires the time window, and opens to the admin key only", async () => {
    const window = "time_of_generation_min=2026-11-01T00:00:00%2B00:00&time_of_generation_max=2026-12-01T00:00:00%2B00:00";
    expect(specCostGraph.safeParse((await adminGet(`/analytics/graphs/cost?${window}`)).body).success).toBe(true);
    expect((await adminGet("/analytics/graphs/cost")).status).toBe(400);
    expect(specPolicyList.safeParse((await adminGet("/policies/usage-limits")).body).success).toBe(true);
    const policy = await adminGet(`/policies/usage-limits/${admin.policies[0]?.id}?include_usage=true`);
    expect(specPolicy.safeParse(policy.body).success).toBe(true);
    expect(policy.body).toMatchObject({ value_key_usage_map: { "api_key:5f1e": { current_usage: 12.34, status: "active" } } });
    expect((await adminGet(`/analytics/graphs/cost?${window}`, INFERENCE_KEY)).status).toBe(403);
    expect((await adminGet(`/analytics/graphs/cost?${window}`, "pk-unknown-0000")).status).toBe(401);
  });
});

describe("Portkey usage auth", () => {
  it("uses the admin key from its own variable and, without it, says what to set instead of falling back to the inference key", () => {
    expect(resolvePortkeyUsageAuth({ env: { [PORTKEY_ADMIN_API_KEY_ENV]: ` ${ADMIN_KEY} ` } })).toEqual({ token: ADMIN_KEY });
    expect(() => resolvePortkeyUsageAuth({ env: { PORTKEY_API_KEY: INFERENCE_KEY } })).toThrow(
      /set PORTKEY_ADMIN_API_KEY to a Portkey Admin API key/,
    );
  });
});

describe("Portkey usage snapshot", () => {
  it("shows the window's spend in dollars and each usage-limit policy as a budget with what is left", async () => {
    const before = cloud.requests.length;
    const snapshot = await snapshotWith(ADMIN_KEY);
    expect(snapshot.error).toBeUndefined();
    expect(snapshot.billing).toEqual([
      { type: "spend", label: "Spend, last 30 days", amount: 12.34, unit: "USD", period: "30d" },
      {
        type: "budget",
        label: "Team monthly",
        used: 12.34,
        limit: 50,
        unit: "USD",
        period: "monthly",
        resetAt: Date.parse("2027-01-01T00:00:00Z"),
      },
      { type: "budget", label: "Tokens per key (api_key:5f1e)", used: 900, limit: 1000, unit: "tokens", period: "weekly" },
      { type: "budget", label: "Tokens per key (api_key:8a2b)", used: 100, limit: 1000, unit: "tokens", period: "weekly" },
    ]);
    expect(snapshot.windows.map((window) => [window.label, Math.round(window.usedPercent)])).toEqual([
      ["Team monthly", 25],
      ["Tokens per key (api_key:5f1e)", 90],
      ["Tokens per key (api_key:8a2b)", 10],
    ]);
    expect(snapshot.summary).toBe("100 tokens left of 1000 tokens on Tokens per key (api_key:5f1e)");
    const adminCalls = cloud.requests
      .slice(before)
      .filter((request) => request.path.startsWith("/v1/analytics/") || request.path.startsWith("/v1/policies/"));
    expect(adminCalls.map((request) => request.headers["x-portkey-api-key"])).toEqual(adminCalls.map(() => ADMIN_KEY));
    expect(adminCalls.find((request) => request.path === "/v1/analytics/graphs/cost")?.query).toEqual({
      time_of_generation_min: "2026-11-01T12:00:00+00:00",
      time_of_generation_max: "2026-12-01T12:00:00+00:00",
    });
  });

  it("shows the workspace set in usageWorkspace, for an organisation admin key", async () => {
    const snapshot = await snapshotWith(ADMIN_KEY, cloud.baseUrl, "research");
    expect(snapshot.plan).toBe("workspace research");
    expect(snapshot.billing).toEqual([
      { type: "spend", label: "Spend, last 30 days", amount: 42, unit: "USD", period: "30d" },
      { type: "budget", label: "Research cap", used: 42, limit: 100, unit: "USD" },
    ]);
    expect(snapshot.summary).toBe("$58.00 left of $100.00 on Research cap");
  });

  it("still shows the spend to an admin key that may not read usage limits, and says why budgets are missing", async () => {
    admin.usageLimitsForbidden = true;
    try {
      const snapshot = await snapshotWith(ADMIN_KEY);
      expect(snapshot.billing).toEqual([{ type: "spend", label: "Spend, last 30 days", amount: 12.34, unit: "USD", period: "30d" }]);
      expect(snapshot.summary).toBe("budgets not shown: PORTKEY_ADMIN_API_KEY may not read usage-limit policies");
    } finally {
      admin.usageLimitsForbidden = false;
    }
  });

  it("refuses the inference key in a line that names the variable, without the key", async () => {
    const snapshot = await snapshotWith(INFERENCE_KEY);
    expect(snapshot.error).toMatch(/^no spend shown: Portkey refused PORTKEY_ADMIN_API_KEY \(HTTP 403\)/);
    expect(JSON.stringify(snapshot)).not.toContain(INFERENCE_KEY);
  });

  it("on the real self-hosted gateway named as the admin URL, says in one line that it keeps no spend", async () => {
    const snapshot = await snapshotWith(ADMIN_KEY, gateway.baseUrl);
    expect(snapshot.error).toBe(
      `no spend shown: ${gateway.baseUrl} has no Portkey Admin API (a self-hosted gateway keeps no spend; point plugins.entries.portkey.config.usageAdminBaseUrl at your Portkey control plane).`,
    );
    expect(snapshot.error).not.toContain(ADMIN_KEY);
  });

  it("sends the admin key nowhere but Portkey cloud or the admin URL the user named, and says why spend is off", async () => {
    const before = cloud.requests.length;
    const snapshot = await fetchPortkeyUsageSnapshot(
      { config: configFor(cloud.baseUrl, undefined, ""), token: ADMIN_KEY, timeoutMs: 10_000 },
      NOW,
    );
    expect(snapshot.error).toBe(
      `no spend shown: PORTKEY_ADMIN_API_KEY goes only to Portkey cloud (https://api.portkey.ai) or to the URL in plugins.entries.portkey.config.usageAdminBaseUrl, and the gateway is ${cloud.baseUrl} (set usageAdminBaseUrl to your Portkey control plane; a self-hosted gateway keeps no spend).`,
    );
    expect(cloud.requests.slice(before)).toEqual([]);
    expect(adminApiBaseUrl("https://api.portkey.ai/v1", undefined)).toBe("https://api.portkey.ai/v1");
    expect(adminApiBaseUrl("https://gateway.example/v1", undefined)).toBeUndefined();
    expect(adminApiBaseUrl("https://gateway.example/v1", "https://control.example")).toBe("https://control.example/v1");
  });
});
