/**
 * How onboarding writes Portkey into `openclaw.json`: it adds what is missing
 * and keeps everything the user already has, so running it twice changes
 * nothing the second time.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { applyAgentDefaultModelPrimary, ensureModelAllowlistEntry, resolveAgentModelPrimaryValue } from "openclaw/plugin-sdk/provider-onboard";
import { PORTKEY_CLOUD_BASE_URL, PORTKEY_PROVIDER_ID } from "../gateway/defaults.ts";
import { PORTKEY_API } from "../catalog/model-catalog.ts";
import { chooseDefaultModelId, fallbackDefaultModelId } from "../catalog/chat-models.ts";
import { needsPrivateNetworkAccess } from "../gateway/private-network.ts";
import type { ModelProviderConfig } from "../gateway/sdk-types.ts";

export interface PortkeyConfigInputs {
  /** A gateway URL the user asked for in this run (already validated); it wins over a stored one. */
  baseUrl?: string | undefined;
  /** Headers the user asked for in this run; they replace same-named stored headers, all others stay. */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * The ids the gateway listed in this run: one of its chat models becomes
   * the primary model when the user has none. Left out when the gateway
   * could not be asked.
   */
  discoveredModelIds?: readonly string[] | undefined;
}

type ProviderHeaders = NonNullable<ModelProviderConfig["headers"]>;

function mergeHeaders(existing: ProviderHeaders | undefined, added: Readonly<Record<string, string>>): ProviderHeaders | undefined {
  const names = Object.keys(added);
  if (names.length === 0) return existing;
  const replaced = new Set(names.map((name) => name.toLowerCase()));
  const kept = Object.entries(existing ?? {}).filter(([name]) => !replaced.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...added };
}

/** Lets OpenClaw's chat requests reach a gateway on a private network the user named in this run. */
function withPrivateNetworkAccess(request: ModelProviderConfig["request"], baseUrl: string | undefined): ModelProviderConfig["request"] {
  if (!baseUrl || !needsPrivateNetworkAccess(baseUrl) || request?.allowPrivateNetwork !== undefined) return request;
  return { ...request, allowPrivateNetwork: true };
}

function mergeProvider(existing: ModelProviderConfig | undefined, inputs: PortkeyConfigInputs): ModelProviderConfig {
  const headers = mergeHeaders(existing?.headers, inputs.headers ?? {});
  const request = withPrivateNetworkAccess(existing?.request, inputs.baseUrl);
  return {
    ...existing,
    ...(headers ? { headers } : {}),
    ...(request ? { request } : {}),
    baseUrl: inputs.baseUrl ?? existing?.baseUrl ?? PORTKEY_CLOUD_BASE_URL,
    api: existing?.api ?? PORTKEY_API,
    // Only the user's own rows: every other model's figures come from OpenClaw's catalogs at run time,
    // so a newer OpenClaw corrects them, which a copy saved here would prevent (the user's rows win).
    models: existing?.models ?? [],
  };
}

export function primaryModelOf(cfg: OpenClawConfig): string | undefined {
  return resolveAgentModelPrimaryValue(cfg.agents?.defaults?.model)?.trim() || undefined;
}

/** The primary model onboarding proposes: one the user's gateway offers when it listed any chat model. */
function defaultModelRef(discoveredModelIds: readonly string[] | undefined): string {
  return `${PORTKEY_PROVIDER_ID}/${chooseDefaultModelId(discoveredModelIds ?? []) ?? fallbackDefaultModelId()}`;
}

/** Makes the given model the primary one (and allowed), unless the user already chose a primary model. */
function withDefaultPrimary(cfg: OpenClawConfig, primary: string): OpenClawConfig {
  if (primaryModelOf(cfg)) return cfg;
  return ensureModelAllowlistEntry({ cfg: applyAgentDefaultModelPrimary(cfg, primary), modelRef: primary, defaultProvider: PORTKEY_PROVIDER_ID });
}

/** Adds the Portkey provider (base URL, API, headers) and a default model to the config. */
export function mergePortkeyConfig(cfg: OpenClawConfig, inputs: PortkeyConfigInputs = {}): OpenClawConfig {
  const providers = cfg.models?.providers;
  const merged: OpenClawConfig = {
    ...cfg,
    models: {
      ...cfg.models,
      providers: { ...providers, [PORTKEY_PROVIDER_ID]: mergeProvider(providers?.[PORTKEY_PROVIDER_ID], inputs) },
    },
  };
  return withDefaultPrimary(merged, defaultModelRef(inputs.discoveredModelIds));
}
