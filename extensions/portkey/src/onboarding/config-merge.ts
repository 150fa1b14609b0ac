/**
 * How onboarding writes Portkey into `openclaw.json`: it adds what is missing
 * and keeps everything the user already has, so running it twice changes
 * nothing the second time.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_CLOUD_BASE_URL, PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import { PORTKEY_API } from "../catalog/model-catalog.ts";
import { chooseDefaultModelId, fallbackDefaultModelId } from "../catalog/chat-models.ts";
import { needsPrivateNetworkAccess } from "./private-network.ts";
import { primaryModelOf } from "../gateway/config/model-ref.ts";
import type { ModelProviderConfig } from "../sdk-types.ts";

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

/** The primary model onboarding proposes: one the user's gateway offers when it listed any chat model. */
function defaultModelRef(discoveredModelIds: readonly string[] | undefined): string {
  return `${PORTKEY_PROVIDER_ID}/${chooseDefaultModelId(discoveredModelIds ?? []) ?? fallbackDefaultModelId()}`;
}

/**
 * Makes the given model the primary one, keeping the user's fallbacks, and
 * lists it among the allowed models (`agents.defaults.models`), unless the
 * user already chose a primary model. Written here: the SDK's onboarding
 * helpers for this are bundled-only (`provider-onboard` ships no types).
 */
function withPrimary(cfg: OpenClawConfig, primary: string): OpenClawConfig {
  if (primaryModelOf(cfg)) return cfg;
  const defaults = cfg.agents?.defaults;
  const fallbacks = typeof defaults?.model === "object" ? defaults.model.fallbacks : undefined;
  return {
    ...cfg,
    agents: {
      ...cfg.agents,
      defaults: {
        ...defaults,
        model: { ...(fallbacks ? { fallbacks } : {}), primary },
        models: { ...defaults?.models, [primary]: { ...defaults?.models?.[primary] } },
      },
    },
  };
}

/** Adds the Portkey provider (base URL, API, headers) to the config; the gateway check reads this draft. */
export function withPortkeyProvider(cfg: OpenClawConfig, inputs: Omit<PortkeyConfigInputs, "discoveredModelIds"> = {}): OpenClawConfig {
  const providers = cfg.models?.providers;
  return {
    ...cfg,
    models: {
      ...cfg.models,
      providers: { ...providers, [PORTKEY_PROVIDER_ID]: mergeProvider(providers?.[PORTKEY_PROVIDER_ID], inputs) },
    },
  };
}

/** Makes a chat model the gateway listed (or OpenClaw's default for OpenAI) the primary one, unless the user has one. */
export function withDefaultPrimary(cfg: OpenClawConfig, discoveredModelIds: readonly string[] | undefined): OpenClawConfig {
  return withPrimary(cfg, defaultModelRef(discoveredModelIds));
}
