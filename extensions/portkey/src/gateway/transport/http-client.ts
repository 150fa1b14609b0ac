/**
 * The plugin's own HTTP calls to Portkey (images, image downloads, model
 * listing, embeddings, audio, usage, the doctor), on OpenClaw's SDK like the
 * chat transport: the user's `models.providers.portkey.request` (proxy, TLS,
 * extra headers, private network) is applied by `provider-http`, the
 * environment's proxy otherwise, and every connection goes through the SSRF
 * guard, which trusts the configured gateway's origin besides public hosts.
 * Bounded in time and size, with errors that say what failed and never carry
 * a secret.
 */
import {
  fetchWithSsrFGuard,
  mergeSsrFPolicies,
  SsrFBlockedError,
  ssrfPolicyFromHttpBaseUrlAllowedOrigin,
  type SsrFPolicy,
} from "openclaw/plugin-sdk/ssrf-runtime";
import { PORTKEY_PROVIDER_ID } from "../config/defaults.ts";
import { portkeyHttpError } from "./errors.ts";
import { redactSecrets } from "./redact.ts";
import { resolveRequestSettings } from "./provider-request-settings.ts";
import type { PortkeySettings } from "../config/provider-settings.ts";

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
 * The user's request settings applied to this call. Headers: configured
 * `request.headers` only for the gateway itself. Connections, hop by hop (an
 * image URL may redirect): the gateway's proxy and TLS settings only to the
 * gateway's origin, never to a storage host; without such settings the
 * environment's HTTP(S)_PROXY/NO_PROXY decide, as they do for OpenClaw's chat
 * transport. The SSRF policy trusts the gateway's origin besides public hosts.
 * OpenClaw's helper builds the headers and dispatcher (provider-request-settings.ts);
 * the origin rules are here because they are Portkey's (a key-bearing gateway
 * vs hosts an answer names).
 */
async function transportFor(request: PortkeyRequest, bodyContentType: string | undefined, onHop: (url: URL) => void) {
  const given = bodyContentType ? { ...request.headers, "content-type": bodyContentType } : request.headers;
  const resolved = await resolveRequestSettings({
    baseUrl: request.gateway.baseUrl,
    request: request.gateway.request,
    headers: given,
    provider: PORTKEY_PROVIDER_ID,
  });
  const gatewayOrigin = new URL(request.gateway.baseUrl).origin;
  const headers = new URL(request.url).origin === gatewayOrigin ? resolved.headers : new Headers(given);
  const policy = mergeSsrFPolicies(
    ssrfPolicyFromHttpBaseUrlAllowedOrigin(request.gateway.baseUrl),
    request.ssrfPolicy,
    resolved.allowPrivateNetwork ? { allowPrivateNetwork: true } : undefined,
  );
  const dispatcherFor = (url: URL) => {
    onHop(url);
    return url.origin === gatewayOrigin ? resolved.dispatcherPolicy : undefined;
  };
  // OpenClaw's chat transport takes the environment's proxy whenever the user configured none.
  const mode = resolved.dispatcherPolicy ? ("strict" as const) : ("trusted_env_proxy" as const);
  return { headers, policy, dispatcherFor, mode };
}

/** Sends a request and returns the answer; a non-2xx status throws a `PortkeyHttpError`. */
export async function sendPortkeyRequest(request: PortkeyRequest): Promise<PortkeyResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  // The address being fetched, followed through redirects, so a refusal names the hop that was refused.
  let hop = new URL(request.url);
  let response: Response;
  let body: Buffer;
  try {
    const encoded = await encodeBody(request.body);
    const { headers, policy, dispatcherFor, mode } = await transportFor(request, encoded.contentType, (url) => {
      hop = url;
    });
    const guarded = await fetchWithSsrFGuard({
      url: request.url,
      init: { method: request.method, headers, body: encoded.body, signal },
      policy,
      signal,
      mode,
      resolveDispatcherPolicy: dispatcherFor,
      ...(request.followRedirects ? {} : { maxRedirects: 0 }),
      auditContext: PORTKEY_PROVIDER_ID,
    });
    response = guarded.response;
    body = await readBounded(response.body, request.maxResponseBytes, request.action).finally(guarded.release);
  } catch (error) {
    if (error instanceof PortkeyRequestError) throw error;
    if (error instanceof SsrFBlockedError) {
      throw new PortkeyRequestError(
        `${request.action} failed: ${hop.origin} is a private, loopback or internal address, which OpenClaw's SSRF policy blocks; only the gateway's own address is trusted (models.providers.portkey.request.allowPrivateNetwork opens the private network).`,
      );
    }
    const reason = timeout.aborted
      ? `no answer within ${(request.timeoutMs / 1000).toFixed(request.timeoutMs % 1000 ? 1 : 0)} s`
      : request.signal?.aborted
        ? "it was cancelled"
        : `could not reach ${hop.origin}: ${describeNetworkFailure(error)}`;
    throw new PortkeyRequestError(redactSecrets(`${request.action} failed: ${reason}.`, request.secrets));
  }
  const status = response.status;
  if (status < 200 || status >= 300) {
    throw portkeyHttpError({ action: request.action, status, body: body.toString("utf8"), secrets: request.secrets });
  }
  return { status, headers: Object.fromEntries(response.headers), body };
}
