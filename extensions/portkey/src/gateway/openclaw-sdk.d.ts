/**
 * Types for the few `openclaw/plugin-sdk/*` subpaths this plugin uses that
 * ship JavaScript without declarations (OpenClaw 2026.9.6). Each signature is
 * the subset of the real one that the plugin calls.
 */
declare module "openclaw/plugin-sdk/provider-auth-runtime" {
  import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
  import type { AuthProfileStore } from "openclaw/plugin-sdk/provider-auth";

  export interface ResolvedProviderAuth {
    apiKey?: string;
    profileId?: string;
    source: string;
    mode: "api-key" | "oauth" | "token" | "aws-sdk";
  }
  /** Throws when no credential is configured for the provider. */
  export function resolveApiKeyForProvider(params: {
    provider: string;
    cfg?: OpenClawConfig;
    agentDir?: string;
    store?: AuthProfileStore;
  }): Promise<ResolvedProviderAuth>;
}

declare module "openclaw/plugin-sdk/provider-auth-api-key" {
  import type { ProviderAuthContext, ProviderAuthMethodNonInteractiveContext } from "openclaw/plugin-sdk/plugin-entry";
  import type { SecretInput, SecretInputMode } from "openclaw/plugin-sdk/provider-auth";

  type NonInteractiveApiKey = NonNullable<Awaited<ReturnType<ProviderAuthMethodNonInteractiveContext["resolveApiKey"]>>>;

  /** Reads the key from the option, the environment or a prompt, without saving it. */
  export function captureProviderApiKey(
    ctx: ProviderAuthContext,
    params: {
      token?: string;
      tokenProvider?: string;
      env?: NodeJS.ProcessEnv;
      expectedProviders?: string[];
      provider: string;
      envLabel: string;
      promptMessage: string;
      noteMessage?: string;
      noteTitle?: string;
    },
  ): Promise<{ apiKey: string; input: SecretInput; mode?: SecretInputMode }>;

  /** Saves a key resolved on the non-interactive path; false when it cannot be stored. */
  export function persistProviderApiKey(
    ctx: ProviderAuthMethodNonInteractiveContext,
    profileId: string,
    params: { provider: string; resolved: NonInteractiveApiKey; metadata?: Record<string, string> },
  ): Promise<boolean>;
}

declare module "openclaw/plugin-sdk/provider-transport-runtime" {
  import type { ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";

  type EventStream = Awaited<ReturnType<NonNullable<ProviderWrapStreamFnContext["streamFn"]>>>;
  type AssistantEvent = EventStream extends AsyncIterable<infer Event> ? Event : never;
  type AssistantMessage = Awaited<ReturnType<EventStream["result"]>>;

  /** OpenClaw's own event stream, as its transports build it. */
  export function createWritableTransportEventStream(): {
    stream: EventStream & { push(event: AssistantEvent): void; end(result?: AssistantMessage): void };
  };
}

declare module "openclaw/plugin-sdk/provider-http" {
  import type { fetchWithSsrFGuard } from "openclaw/plugin-sdk/ssrf-runtime";

  type DispatcherPolicy = NonNullable<Parameters<typeof fetchWithSsrFGuard>[0]["dispatcherPolicy"]>;
  /** `models.providers.<id>.request` after OpenClaw's own validation (proxy, TLS, auth, headers, private network). */
  export interface ConfiguredProviderRequest {
    allowPrivateNetwork?: boolean;
    [setting: string]: unknown;
  }

  export function sanitizeConfiguredModelProviderRequest(request: unknown): ConfiguredProviderRequest | undefined;

  /** Applies the configured request settings: merged headers, the private-network choice and the proxy/TLS dispatcher. */
  export function resolveProviderHttpRequestConfig(params: {
    baseUrl: string;
    request?: ConfiguredProviderRequest | undefined;
    headers?: Record<string, string>;
    provider: string;
    capability: "llm" | "audio" | "image" | "video" | "other";
    transport: "http";
  }): { baseUrl: string; allowPrivateNetwork: boolean | undefined; headers: Headers; dispatcherPolicy: DispatcherPolicy | undefined };
}

declare module "openclaw/plugin-sdk/provider-onboard" {
  import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";

  type AgentModel = NonNullable<NonNullable<NonNullable<OpenClawConfig["agents"]>["defaults"]>["model"]>;

  /** The configured primary model ref, from either the string or the object form. */
  export function resolveAgentModelPrimaryValue(model: AgentModel | undefined): string | undefined;
  /** Sets the primary model, keeping the configured fallbacks. */
  export function applyAgentDefaultModelPrimary(cfg: OpenClawConfig, primary: string): OpenClawConfig;
  /** Adds the model to `agents.defaults.models`, keeping an existing entry. */
  export function ensureModelAllowlistEntry(params: { cfg: OpenClawConfig; modelRef: string; defaultProvider?: string }): OpenClawConfig;
}

declare module "openclaw/plugin-sdk/provider-catalog-shared" {
  /**
   * OpenClaw's live-catalog cache: one `load` per key and TTL, shared by the
   * callers that ask while it runs; a failed load is not kept. The key parts
   * are hashed.
   */
  export function getCachedLiveCatalogValue<T>(params: {
    keyParts: readonly unknown[];
    load: () => Promise<T>;
    ttlMs?: number;
    now?: () => number;
    shouldCache?: (value: T) => boolean;
  }): Promise<T>;
}
