/**
 * The one bundled-only SDK module the plugin uses, behind this adapter:
 * `openclaw/plugin-sdk/provider-http` turns `models.providers.portkey.request`
 * (proxy, TLS with secret references, auth, extra headers, private network)
 * into headers and a connection policy, exactly as OpenClaw's chat transport
 * reads the same block. It ships without types, but rewriting it would copy
 * OpenClaw's proxy and TLS rules and drift from them, so the settings a user
 * gives chat would stop applying to images, audio and embeddings alike.
 * The module is loaded by name, checked for the two functions used, and each
 * answer is checked before use; a release that changes them fails with a
 * message that says so, never with a silent misconfiguration.
 */
import type { fetchWithSsrFGuard } from "openclaw/plugin-sdk/ssrf-runtime";

/** The subpath this adapter loads; the SDK-surface test allows it here and nowhere else. */
export const BUNDLED_PROVIDER_HTTP_SUBPATH = "openclaw/plugin-sdk/provider-http";

export type DispatcherPolicy = NonNullable<Parameters<typeof fetchWithSsrFGuard>[0]["dispatcherPolicy"]>;

export interface ResolvedRequestSettings {
  headers: Headers;
  allowPrivateNetwork: boolean;
  dispatcherPolicy: DispatcherPolicy | undefined;
}

interface RequestSettingsInput {
  baseUrl: string;
  /** `models.providers.portkey.request` as configured. */
  request: unknown;
  headers: Record<string, string>;
  provider: string;
}

type Resolve = (input: RequestSettingsInput) => ResolvedRequestSettings;

class ChangedSdkError extends Error {
  override name = "ChangedSdkError";
  constructor(detail: string) {
    super(`This OpenClaw's ${BUNDLED_PROVIDER_HTTP_SUBPATH} ${detail}; update the Portkey plugin to a release made for it.`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function functionNamed(module: unknown, name: string): (...args: unknown[]) => unknown {
  const candidate = isRecord(module) ? module[name] : undefined;
  if (typeof candidate !== "function") throw new ChangedSdkError(`no longer exports ${name}`);
  return (...args) => Reflect.apply(candidate, module, args);
}

function checkedAnswer(answer: unknown): ResolvedRequestSettings {
  if (!isRecord(answer) || !(answer.headers instanceof Headers)) throw new ChangedSdkError("answered request settings without headers");
  const policy = answer.dispatcherPolicy;
  if (policy !== undefined && !(isRecord(policy) && typeof policy.mode === "string"))
    throw new ChangedSdkError("answered a connection policy of an unknown shape");
  return {
    headers: answer.headers,
    allowPrivateNetwork: answer.allowPrivateNetwork === true,
    // Shape checked above (a mode the SSRF guard dispatches on); its fields are the SDK's own, passed back to it unchanged.
    dispatcherPolicy: policy as DispatcherPolicy | undefined,
  };
}

let loading: Promise<Resolve> | undefined;

async function load(): Promise<Resolve> {
  const subpath: string = BUNDLED_PROVIDER_HTTP_SUBPATH;
  const module: unknown = await import(subpath);
  const sanitize = functionNamed(module, "sanitizeConfiguredModelProviderRequest");
  const resolve = functionNamed(module, "resolveProviderHttpRequestConfig");
  return ({ baseUrl, request, headers, provider }) =>
    checkedAnswer(resolve({ baseUrl, request: sanitize(request), headers, provider, capability: "other", transport: "http" }));
}

/** The user's request settings for a call to `baseUrl`: headers merged, the private-network choice, the proxy/TLS policy. */
export async function resolveRequestSettings(input: RequestSettingsInput): Promise<ResolvedRequestSettings> {
  loading ??= load();
  return (await loading)(input);
}
