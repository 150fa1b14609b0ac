/**
 * The plugin's own HTTP calls to Portkey (images, image downloads, model
 * listing), on OpenClaw's SDK like the chat transport: the user's
 * `models.providers.portkey.request` (proxy, TLS, extra headers, private
 * network) is applied by `provider-http`, and every connection goes through
 * the SSRF guard, which trusts the configured gateway's origin besides public
 * hosts. Bounded in time and size, with errors that say what failed and never
 * carry a secret.
 */
import { resolveProviderHttpRequestConfig, sanitizeConfiguredModelProviderRequest } from "openclaw/plugin-sdk/provider-http";
import {
  fetchWithSsrFGuard,
  mergeSsrFPolicies,
  SsrFBlockedError,
  ssrfPolicyFromHttpBaseUrlAllowedOrigin,
  type SsrFPolicy,
} from "openclaw/plugin-sdk/ssrf-runtime";
import { PORTKEY_PROVIDER_ID } from "./defaults.ts";
import { portkeyHttpError, redactSecrets } from "./errors.ts";
import type { PortkeySettings } from "./provider-settings.ts";

export interface PortkeyRequest {
  /** What the call does, for error messages ("Portkey image generation"). */
  action: string;
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | FormData;
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal | undefined;
  /** Values that must never appear in an error message. */
  secrets: readonly (string | undefined)[];
  /** The configured gateway and request settings; the gateway's own address is the one private address trusted. */
  gateway: Pick<PortkeySettings, "baseUrl" | "request">;
  /**
   * For an address the answer chose (an image `url`): redirects are followed,
   * each hop checked by the guard. Calls to the gateway follow none, so a
   * redirect cannot carry the key elsewhere.
   */
  followRedirects?: boolean;
  /** OpenClaw's SSRF policy for this call, when it gives one (image requests). */
  ssrfPolicy?: SsrFPolicy | undefined;
}

export interface PortkeyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class PortkeyRequestError extends Error {
  override name = "PortkeyRequestError";
}

async function readBounded(body: ReadableStream<Uint8Array> | null, limit: number, action: string): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) {
      await body.cancel().catch(() => undefined);
      throw new PortkeyRequestError(`${action} failed: the response is larger than ${limit} bytes.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function describeNetworkFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
  return code ? `${cause?.message ?? error.message} (${code})` : (cause?.message ?? error.message);
}

/** A form is encoded up front, so the request gets a Content-Length, which some gateways require. */
async function encodeBody(body: PortkeyRequest["body"]): Promise<{ body?: string | ArrayBuffer; contentType?: string }> {
  if (body === undefined || typeof body === "string") return body === undefined ? {} : { body };
  const encoded = new Response(body);
  return { body: await encoded.arrayBuffer(), contentType: encoded.headers.get("content-type") ?? undefined };
}

/**
 * The user's request settings applied to this call: the headers (configured
 * `request.headers` only for the gateway itself), the SSRF policy and the
 * proxy/TLS dispatcher. The SDK helper builds the dispatcher; the origin
 * trust is added here because the SDK keeps its transport policy internal.
 */
function transportFor(request: PortkeyRequest, bodyContentType: string | undefined) {
  const given = bodyContentType ? { ...request.headers, "content-type": bodyContentType } : request.headers;
  const resolved = resolveProviderHttpRequestConfig({
    baseUrl: request.gateway.baseUrl,
    request: sanitizeConfiguredModelProviderRequest(request.gateway.request),
    headers: given,
    provider: PORTKEY_PROVIDER_ID,
    capability: "other",
    transport: "http",
  });
  const toGateway = new URL(request.url).origin === new URL(request.gateway.baseUrl).origin;
  const headers = toGateway ? resolved.headers : new Headers(given);
  const policy = mergeSsrFPolicies(
    ssrfPolicyFromHttpBaseUrlAllowedOrigin(request.gateway.baseUrl),
    request.ssrfPolicy,
    resolved.allowPrivateNetwork ? { allowPrivateNetwork: true } : undefined,
  );
  return { headers, policy, dispatcherPolicy: resolved.dispatcherPolicy };
}

/** Sends a request and returns the answer; a non-2xx status throws a `PortkeyHttpError`. */
export async function sendPortkeyRequest(request: PortkeyRequest): Promise<PortkeyResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const origin = new URL(request.url).origin;
  let response: Response;
  let body: Buffer;
  try {
    const encoded = await encodeBody(request.body);
    const { headers, policy, dispatcherPolicy } = transportFor(request, encoded.contentType);
    const guarded = await fetchWithSsrFGuard({
      url: request.url,
      init: { method: request.method, headers, body: encoded.body, signal },
      policy,
      signal,
      ...(dispatcherPolicy ? { dispatcherPolicy } : {}),
      ...(request.followRedirects ? {} : { maxRedirects: 0 }),
      auditContext: PORTKEY_PROVIDER_ID,
    });
    response = guarded.response;
    body = await readBounded(response.body, request.maxResponseBytes, request.action).finally(guarded.release);
  } catch (error) {
    if (error instanceof PortkeyRequestError) throw error;
    if (error instanceof SsrFBlockedError) {
      throw new PortkeyRequestError(
        `${request.action} failed: ${origin} is a private, loopback or internal address, which OpenClaw's SSRF policy blocks; only the gateway's own address is trusted (models.providers.portkey.request.allowPrivateNetwork opens the private network).`,
      );
    }
    const reason = timeout.aborted
      ? `no answer within ${(request.timeoutMs / 1000).toFixed(request.timeoutMs % 1000 ? 1 : 0)} s`
      : request.signal?.aborted
        ? "it was cancelled"
        : `could not reach ${origin}: ${describeNetworkFailure(error)}`;
    throw new PortkeyRequestError(redactSecrets(`${request.action} failed: ${reason}.`, request.secrets));
  }
  const status = response.status;
  if (status < 200 || status >= 300) {
    throw portkeyHttpError({ action: request.action, status, body: body.toString("utf8"), secrets: request.secrets });
  }
  return { status, headers: Object.fromEntries(response.headers), body };
}
