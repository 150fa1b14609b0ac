/**
 * The part of Portkey cloud's Admin API the usage view reads, answered in the
 * shapes of Portkey's OpenAPI spec: `GET /v1/analytics/graphs/cost` (cents,
 * both window bounds required, in `YYYY-MM-DDTHH:MM:SS±HH:MM`) and
 * `GET /v1/policies/usage-limits[/{id}]` (usage only with `include_usage`).
 * Only the admin key opens it; an inference key gets Portkey's 403.
 */
import type { RecordedRequest } from "./openai-wire.ts";

export interface FakeCostEntry {
  /** When the request was made (ISO 8601). */
  at: string;
  cents: number;
  /** The workspace's slug; the default workspace when absent. */
  workspace?: string;
}

export interface FakeUsageLimitPolicy {
  id: string;
  name: string;
  type: "cost" | "tokens";
  creditLimit: number;
  periodicReset?: "monthly" | "weekly";
  nextUsageResetAt?: string;
  /** Current usage per tracked entity (its value key, e.g. "api_key:…"). */
  usage: Record<string, number>;
  /** The workspace's slug; the default workspace when absent. */
  workspace?: string;
}

export interface FakePortkeyAdminOptions {
  adminKey: string;
  costs: FakeCostEntry[];
  policies: FakeUsageLimitPolicy[];
  /** An admin key that may read analytics but not usage limits: the policy endpoints answer 403. */
  usageLimitsForbidden?: boolean;
}

export interface AdminAnswer {
  status: number;
  body: unknown;
}

const ADMIN_PREFIXES = ["/v1/analytics/", "/v1/policies/"];
const POLICY_LIST_PATH = "/v1/policies/usage-limits";
/** The date-time format Portkey's spec gives for the window bounds. */
const PORTKEY_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const WORKSPACE_ID = "2f5f5c77-7a3a-4f7e-9d1e-5d2c1b0a9e11";
const ORGANISATION_ID = "8d0c5f3e-1b2a-4c6d-9e8f-7a6b5c4d3e2f";
const CREATED_AT = "2026-01-05T09:00:00.000Z";
/** What an organisation key reads when it names no workspace (Portkey's spec: the default workspace). */
const DEFAULT_WORKSPACE = "default";

const inWorkspace = (entry: { workspace?: string }, requested: string | undefined) =>
  (entry.workspace ?? DEFAULT_WORKSPACE) === (requested ?? DEFAULT_WORKSPACE);

export function isAdminPath(path: string): boolean {
  return ADMIN_PREFIXES.some((prefix) => path.startsWith(prefix));
}

function failure(status: number, message: string): AdminAnswer {
  return { status, body: { status: "failure", message } };
}

function costGraph(options: FakePortkeyAdminOptions, query: Record<string, string>): AdminAnswer {
  const min = query.time_of_generation_min;
  const max = query.time_of_generation_max;
  if (!min || !max || !PORTKEY_TIME.test(min) || !PORTKEY_TIME.test(max)) {
    return failure(400, "time_of_generation_min and time_of_generation_max are required (YYYY-MM-DDTHH:MM:SS±HH:MM)");
  }
  const from = Date.parse(min);
  const to = Date.parse(max);
  const inWindow = options.costs.filter(
    (entry) => inWorkspace(entry, query.workspace_slug) && Date.parse(entry.at) >= from && Date.parse(entry.at) <= to,
  );
  const total = inWindow.reduce((sum, entry) => sum + entry.cents, 0);
  return {
    status: 200,
    body: {
      summary: { total, avg: inWindow.length ? Math.round(total / inWindow.length) : 0 },
      data_points: inWindow.map((entry) => ({ timestamp: entry.at, total: entry.cents, avg: entry.cents })),
      object: "analytics-graph",
    },
  };
}

function policyBody(policy: FakeUsageLimitPolicy, includeUsage: boolean): Record<string, unknown> {
  return {
    id: policy.id,
    name: policy.name,
    conditions: [{ key: "workspace_id", value: WORKSPACE_ID }],
    group_by: [{ key: "api_key" }],
    type: policy.type,
    credit_limit: policy.creditLimit,
    alert_threshold: null,
    periodic_reset: policy.periodicReset ?? null,
    periodic_reset_days: null,
    next_usage_reset_at: policy.nextUsageResetAt ?? null,
    last_reset_at: null,
    status: "active",
    workspace_id: WORKSPACE_ID,
    organisation_id: ORGANISATION_ID,
    created_at: CREATED_AT,
    last_updated_at: CREATED_AT,
    ...(includeUsage
      ? {
          value_key_usage_map: Object.fromEntries(
            Object.entries(policy.usage).map(([valueKey, used]) => [
              valueKey,
              {
                current_usage: used,
                status: used >= policy.creditLimit ? "exhausted" : "active",
                is_threshold_alerts_sent: false,
                is_exhausted_alerts_sent: false,
              },
            ]),
          ),
        }
      : {}),
  };
}

function policies(options: FakePortkeyAdminOptions, request: RecordedRequest): AdminAnswer {
  if (request.path === POLICY_LIST_PATH) {
    const pageSize = Number(request.query.page_size ?? options.policies.length);
    const listed = options.policies.filter(
      (policy) => inWorkspace(policy, request.query.workspace_id) && (!request.query.type || policy.type === request.query.type),
    );
    return {
      status: 200,
      body: { object: "list", data: listed.slice(0, pageSize).map((policy) => policyBody(policy, false)), total: listed.length },
    };
  }
  const id = decodeURIComponent(request.path.slice(POLICY_LIST_PATH.length + 1));
  const policy = options.policies.find((candidate) => candidate.id === id);
  if (!policy) return failure(404, "Policy not found");
  return { status: 200, body: { ...policyBody(policy, request.query.include_usage === "true"), object: "policy_usage_limits" } };
}

/** The answer to an Admin API request, given the key it presented and the workspace's inference key. */
export function answerAdminRequest(
  options: FakePortkeyAdminOptions | undefined,
  request: RecordedRequest,
  presentedKey: string | undefined,
  inferenceKey: string,
): AdminAnswer {
  if (options === undefined) return failure(404, "Not Found");
  if (presentedKey === inferenceKey) return failure(403, "You do not have enough permissions to perform this action.");
  if (presentedKey !== options.adminKey) return failure(401, "Invalid API Key. Error Code: 03.");
  if (request.method !== "GET") return failure(404, "Not Found");
  if (request.path === "/v1/analytics/graphs/cost") return costGraph(options, request.query);
  if (request.path === POLICY_LIST_PATH || request.path.startsWith(`${POLICY_LIST_PATH}/`)) {
    return options.usageLimitsForbidden
      ? failure(403, "You do not have enough permissions to perform this action.")
      : policies(options, request);
  }
  return failure(404, "Not Found");
}
