/**
 * Portkey spend and budgets in OpenClaw's usage view (`openclaw status
 * --usage`, `/status`): read with a Portkey Admin API key from its own
 * variable, from Portkey cloud's documented Admin API (or the control plane
 * named in `usageAdminBaseUrl`, never a gateway) — the cost graph (cents, a
 * time window required) and the cost and token usage-limit policies with
 * their current usage. The admin key goes only to these two endpoints; the
 * inference key is never used here.
 *
 * The SDK's usage helpers (`plugin-sdk/provider-usage`) are bundled-only,
 * without types, so the snapshot is built here, and the calls go through the
 * plugin's one HTTP client (proxy, TLS, SSRF guard, redaction).
 */
import { z } from "zod";
import { normalizePortkeyBaseUrl } from "../gateway/config/base-url.ts";
import {
  PORTKEY_ADMIN_API_KEY_ENV,
  PORTKEY_API_KEY_HEADER,
  PORTKEY_CLOUD_BASE_URL,
  PORTKEY_LABEL,
  PORTKEY_PROVIDER_ID,
} from "../gateway/config/defaults.ts";
import { errorMessage, PortkeyHttpError } from "../gateway/transport/errors.ts";
import { sendPortkeyRequest } from "../gateway/transport/http-client.ts";
import { parseJsonAnswer } from "../gateway/transport/portkey-call.ts";
import { readPortkeySettings, type PortkeySettings } from "../gateway/config/provider-settings.ts";
import { readPortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import type { UsageAuthContext, UsageBilling, UsageSnapshot, UsageSnapshotContext } from "../sdk-types.ts";
import { printableText } from "../gateway/transport/printable-text.ts";

/** The spend window: Portkey's cost graph needs one, and 30 days matches a monthly budget. */
export const SPEND_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
/** Bounds on what one usage view reads and shows. */
const MAX_POLICIES = 5;
const MAX_BUDGETS = 6;
const MAX_ADMIN_ANSWER_BYTES = 1024 * 1024;
const CENTS_PER_USD = 100;
/** The label of a policy that has no name. */
const UNNAMED_POLICY = "Usage limit";

/** The Admin API's answers, as far as the view reads them (Portkey's OpenAPI spec). */
const costGraphSchema = z.object({ summary: z.object({ total: z.number() }) });
const policyListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });
const usageLimitPolicySchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  type: z.enum(["cost", "tokens"]),
  credit_limit: z.number().positive(),
  periodic_reset: z.string().nullish(),
  periodic_reset_days: z.number().nullish(),
  next_usage_reset_at: z.string().nullish(),
  value_key_usage_map: z.record(z.string(), z.object({ current_usage: z.number() })).nullish(),
});
type UsageLimitPolicy = z.infer<typeof usageLimitPolicySchema>;
/** A budget line; the plugin always names it. */
type Budget = Extract<UsageBilling, { type: "budget" }> & { label: string };

export class PortkeyUsageUnavailableError extends Error {
  override name = "PortkeyUsageUnavailableError";
}

/** The admin key from its own variable, if set. */
export function portkeyAdminKey(env: NodeJS.ProcessEnv): string | undefined {
  return env[PORTKEY_ADMIN_API_KEY_ENV]?.trim() || undefined;
}

export const NO_ADMIN_KEY_REASON = `set ${PORTKEY_ADMIN_API_KEY_ENV} to a Portkey Admin API key (with analytics and usage-limit read access) to see spend and budgets`;

/**
 * The admin key, or a one-line reason why there is none. Never the inference
 * key: returning nothing would let OpenClaw fall back to it, so a missing
 * admin key is an error OpenClaw shows as the provider's usage line.
 */
export function resolvePortkeyUsageAuth(ctx: Pick<UsageAuthContext, "env">): { token: string } {
  const adminKey = portkeyAdminKey(ctx.env);
  if (adminKey) return { token: adminKey };
  throw new PortkeyUsageUnavailableError(`no spend shown: ${NO_ADMIN_KEY_REASON}.`);
}

/** Portkey's date-time format for the window: `YYYY-MM-DDTHH:MM:SS+00:00`. */
function portkeyTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** What the snapshot reads of OpenClaw's usage context; the doctor passes the same. */
export type PortkeyUsageRequest = Pick<UsageSnapshotContext, "config" | "token" | "timeoutMs" | "signal">;

/** A GET to the Admin API with the admin key (`ctx.token`), and its JSON. */
async function getAdmin(
  settings: PortkeySettings,
  ctx: PortkeyUsageRequest,
  path: string,
  query: Record<string, string>,
): Promise<unknown> {
  const adminKey = ctx.token;
  const url = new URL(`${settings.baseUrl}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const answer = await sendPortkeyRequest({
    action: `Portkey Admin API ${path}`,
    url: url.toString(),
    method: "GET",
    headers: { [PORTKEY_API_KEY_HEADER]: adminKey, accept: "application/json" },
    timeoutMs: ctx.timeoutMs,
    maxResponseBytes: MAX_ADMIN_ANSWER_BYTES,
    signal: ctx.signal,
    secrets: [adminKey],
    gateway: settings,
  });
  return parseJsonAnswer(
    answer.body,
    () => new PortkeyUsageUnavailableError(`${settings.baseUrl}${path} did not answer JSON; is it a Portkey Admin API?`),
  );
}

function parseAdmin<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new PortkeyUsageUnavailableError(`the Portkey Admin API answered ${path} in an unexpected shape.`);
  return result.data;
}

function periodOf(policy: UsageLimitPolicy): string | undefined {
  if (policy.periodic_reset) return policy.periodic_reset;
  return policy.periodic_reset_days ? `${policy.periodic_reset_days}d` : undefined;
}

/** One budget per policy and entity it tracks (a policy grouped by API key has one per key). */
function budgetsOf(policy: UsageLimitPolicy): Budget[] {
  // Policy names and tracked keys are the server's text, printed on the user's terminal.
  const name = printableText(policy.name ?? "").trim() || UNNAMED_POLICY;
  const usage = Object.entries(policy.value_key_usage_map ?? {});
  const entries = usage.length > 0 ? usage : [["", { current_usage: 0 }] as const];
  const resetAt = policy.next_usage_reset_at ? Date.parse(policy.next_usage_reset_at) : Number.NaN;
  const period = periodOf(policy);
  return entries.map(([valueKey, { current_usage }]) => ({
    type: "budget",
    label: usage.length > 1 ? `${name} (${printableText(valueKey)})` : name,
    used: policy.type === "cost" ? current_usage : Math.round(current_usage),
    limit: policy.credit_limit,
    unit: policy.type === "cost" ? "USD" : "tokens",
    ...(period ? { period } : {}),
    ...(Number.isFinite(resetAt) ? { resetAt } : {}),
  }));
}

export function formatAmount(amount: number, unit: string): string {
  return unit === "USD" ? `$${amount.toFixed(2)}` : `${Math.round(amount)} ${unit}`;
}

async function readBudgets(settings: PortkeySettings, ctx: PortkeyUsageRequest, workspace: Record<string, string>): Promise<Budget[]> {
  const listPath = "/policies/usage-limits";
  const listQuery = { status: "active", page_size: String(MAX_POLICIES), ...workspace };
  const list = parseAdmin(policyListSchema, await getAdmin(settings, ctx, listPath, listQuery), listPath);
  const policies = await Promise.all(
    list.data.slice(0, MAX_POLICIES).map(async ({ id }) => {
      const path = `${listPath}/${encodeURIComponent(id)}`;
      return parseAdmin(usageLimitPolicySchema, await getAdmin(settings, ctx, path, { include_usage: "true" }), path);
    }),
  );
  return policies.flatMap(budgetsOf).slice(0, MAX_BUDGETS);
}

function unavailable(detail: string): UsageSnapshot {
  return { provider: PORTKEY_PROVIDER_ID, displayName: PORTKEY_LABEL, windows: [], error: detail };
}

/**
 * A gateway with no Admin API: a 404, or the open-source gateway's answer to
 * any `/v1` path it does not serve itself, which it would proxy to a model
 * provider had it been told which.
 */
function isGatewayWithoutAdminApi(error: PortkeyHttpError): boolean {
  return error.status === 404 || (error.status === 400 && /x-portkey-provider header is required/i.test(error.message));
}

/** What a failed Admin API call means for this setup, in one line. */
function explainFailure(error: unknown, settings: PortkeySettings): string {
  if (error instanceof PortkeyHttpError && isGatewayWithoutAdminApi(error)) {
    return `no spend shown: ${settings.baseUrl} has no Portkey Admin API (a self-hosted gateway keeps no spend; point plugins.entries.${PORTKEY_PROVIDER_ID}.config.usageAdminBaseUrl at your Portkey control plane).`;
  }
  if (error instanceof PortkeyHttpError && (error.status === 401 || error.status === 403)) {
    return `no spend shown: Portkey refused ${PORTKEY_ADMIN_API_KEY_ENV} (HTTP ${error.status}); it needs to be an Admin API key that may read analytics and usage limits.`;
  }
  return `no spend shown: ${errorMessage(error)}`;
}

const PORTKEY_CLOUD_ORIGIN = new URL(PORTKEY_CLOUD_BASE_URL).origin;

/**
 * Where the admin key may go: the URL the user named for it, else the
 * configured gateway only when that is Portkey cloud. An admin key reads and
 * changes a whole organisation, so a self-hosted gateway or another host the
 * chat traffic goes to never receives it unasked.
 */
export function adminApiBaseUrl(gatewayBaseUrl: string, configuredAdminBaseUrl: string | undefined): string | undefined {
  if (configuredAdminBaseUrl !== undefined) return normalizePortkeyBaseUrl(configuredAdminBaseUrl);
  return new URL(gatewayBaseUrl).origin === PORTKEY_CLOUD_ORIGIN ? gatewayBaseUrl : undefined;
}

function adminKeyStaysHome(gatewayBaseUrl: string): string {
  return (
    `no spend shown: ${PORTKEY_ADMIN_API_KEY_ENV} goes only to Portkey cloud (${PORTKEY_CLOUD_ORIGIN}) or to the URL in ` +
    `plugins.entries.${PORTKEY_PROVIDER_ID}.config.usageAdminBaseUrl, and the gateway is ${gatewayBaseUrl} (set usageAdminBaseUrl to your Portkey control plane; a self-hosted gateway keeps no spend).`
  );
}

/** Spend over the last 30 days and every active usage-limit policy as a budget (used, limit, and what is left). */
export async function fetchPortkeyUsageSnapshot(ctx: PortkeyUsageRequest, now = Date.now()): Promise<UsageSnapshot> {
  let settings: PortkeySettings;
  let workspace: string | undefined;
  try {
    const gateway = readPortkeySettings(ctx.config);
    const pluginSettings = readPortkeyPluginSettings(ctx.config.plugins?.entries?.[PORTKEY_PROVIDER_ID]?.config);
    const adminBaseUrl = adminApiBaseUrl(gateway.baseUrl, pluginSettings.usageAdminBaseUrl);
    if (adminBaseUrl === undefined) return unavailable(adminKeyStaysHome(gateway.baseUrl));
    settings = { ...gateway, baseUrl: adminBaseUrl };
    workspace = pluginSettings.usageWorkspace;
  } catch (error) {
    return unavailable(`no spend shown: ${errorMessage(error)}`);
  }
  const costPath = "/analytics/graphs/cost";
  const window = {
    time_of_generation_min: portkeyTime(now - SPEND_WINDOW_DAYS * DAY_MS),
    time_of_generation_max: portkeyTime(now),
    ...(workspace ? { workspace_slug: workspace } : {}),
  };
  let spendCents: number;
  let budgets: Budget[] | undefined;
  try {
    [spendCents, budgets] = await Promise.all([
      getAdmin(settings, ctx, costPath, window).then((answer) => parseAdmin(costGraphSchema, answer, costPath).summary.total),
      // A key that may read analytics but not usage limits still shows its spend.
      readBudgets(settings, ctx, workspace ? { workspace_id: workspace } : {}).catch((error: unknown) => {
        if (error instanceof PortkeyHttpError && error.status === 403) return undefined;
        throw error;
      }),
    ]);
  } catch (error) {
    return unavailable(explainFailure(error, settings));
  }
  const spend: UsageBilling = {
    type: "spend",
    label: `Spend, last ${SPEND_WINDOW_DAYS} days`,
    amount: spendCents / CENTS_PER_USD,
    unit: "USD",
    period: `${SPEND_WINDOW_DAYS}d`,
  };
  const identity = { provider: PORTKEY_PROVIDER_ID, displayName: PORTKEY_LABEL, ...(workspace ? { plan: `workspace ${workspace}` } : {}) };
  if (budgets === undefined) {
    return {
      ...identity,
      windows: [],
      billing: [spend],
      summary: `budgets not shown: ${PORTKEY_ADMIN_API_KEY_ENV} may not read usage-limit policies`,
    };
  }
  const windows = budgets.map((budget) => ({
    label: budget.label,
    usedPercent: Math.min(100, (budget.used / budget.limit) * 100),
    ...(budget.resetAt ? { resetAt: budget.resetAt } : {}),
  }));
  const tightest = budgets.toSorted((a, b) => b.used / b.limit - a.used / a.limit)[0];
  const summary = tightest
    ? `${formatAmount(Math.max(0, tightest.limit - tightest.used), tightest.unit)} left of ${formatAmount(tightest.limit, tightest.unit)} on ${tightest.label}`
    : "no usage-limit policy is active";
  return { ...identity, windows, billing: [spend, ...budgets], summary };
}
