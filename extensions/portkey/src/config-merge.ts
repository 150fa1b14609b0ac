/**
 * How onboarding writes Portkey into `openclaw.json`: it adds what is missing
 * and keeps everything the user already has, so running it twice changes
 * nothing the second time.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { PORTKEY_CLOUD_BASE_URL, PORTKEY_PROVIDER_ID } from "./defaults.ts";
import { copyStaticModels, PORTKEY_API, PORTKEY_DEFAULT_MODEL_REF } from "./model-catalog.ts";
import type { ModelDefinitionConfig, ModelProviderConfig } from "./sdk-types.ts";

export interface PortkeyConfigInputs {
  /** A gateway URL the user asked for in this run (already validated); it wins over a stored one. */
  baseUrl?: string | undefined;
  /** Headers the user asked for in this run; they replace same-named stored headers, all others stay. */
  headers?: Readonly<Record<string, string>> | undefined;
}

type ProviderHeaders = NonNullable<ModelProviderConfig["headers"]>;

function mergeHeaders(existing: ProviderHeaders | undefined, added: Readonly<Record<string, string>>): ProviderHeaders | undefined {
  const names = Object.keys(added);
  if (names.length === 0) return existing;
  const replaced = new Set(names.map((name) => name.toLowerCase()));
  const kept = Object.entries(existing ?? {}).filter(([name]) => !replaced.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...added };
}

function mergeModels(existing: readonly ModelDefinitionConfig[], added: readonly ModelDefinitionConfig[]): ModelDefinitionConfig[] {
  const known = new Set(existing.map((model) => model.id));
  return [...existing, ...added.filter((model) => !known.has(model.id))];
}

function mergeProvider(existing: ModelProviderConfig | undefined, inputs: PortkeyConfigInputs): ModelProviderConfig {
  const headers = mergeHeaders(existing?.headers, inputs.headers ?? {});
  return {
    ...existing,
    ...(headers ? { headers } : {}),
    baseUrl: inputs.baseUrl ?? existing?.baseUrl ?? PORTKEY_CLOUD_BASE_URL,
    api: existing?.api ?? PORTKEY_API,
    models: mergeModels(existing?.models ?? [], copyStaticModels()),
  };
}

export function primaryModelOf(cfg: OpenClawConfig): string | undefined {
  const model = cfg.agents?.defaults?.model;
  if (typeof model === "string") return model.trim() || undefined;
  return model?.primary?.trim() || undefined;
}

/** Makes Portkey's default model the primary one, unless the user already chose a primary model. */
function withDefaultPrimary(cfg: OpenClawConfig): OpenClawConfig {
  if (primaryModelOf(cfg)) return cfg;
  const defaults = cfg.agents?.defaults;
  const model = defaults?.model;
  const fallbacks = typeof model === "object" && model.fallbacks ? { fallbacks: model.fallbacks } : {};
  return {
    ...cfg,
    agents: {
      ...cfg.agents,
      defaults: {
        ...defaults,
        model: { ...fallbacks, primary: PORTKEY_DEFAULT_MODEL_REF },
        models: { ...defaults?.models, [PORTKEY_DEFAULT_MODEL_REF]: defaults?.models?.[PORTKEY_DEFAULT_MODEL_REF] ?? {} },
      },
    },
  };
}

/** Adds the Portkey provider (base URL, API, models) and a default model to the config. */
export function mergePortkeyConfig(cfg: OpenClawConfig, inputs: PortkeyConfigInputs = {}): OpenClawConfig {
  const providers = cfg.models?.providers;
  const merged: OpenClawConfig = {
    ...cfg,
    models: {
      ...cfg.models,
      providers: { ...providers, [PORTKEY_PROVIDER_ID]: mergeProvider(providers?.[PORTKEY_PROVIDER_ID], inputs) },
    },
  };
  return withDefaultPrimary(merged);
}
