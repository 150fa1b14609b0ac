/**
 * The plugin's own HTTP calls to Portkey (images, model listing): bounded in
 * time and size, with errors that say what failed and never carry the key.
 * Node's own fetch (OpenClaw runs on Node 24): a package of its own would be
 * copied and loaded beside the host's.
 */
import { fetchWithSsrFGuard, SsrFBlockedError, type SsrFPolicy } from "openclaw/plugin-sdk/ssrf-runtime";
import { portkeyHttpError, redactSecrets } from "./errors.ts";

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
  /**
   * For an address the answer chose (an image `url`), not the configured
   * gateway: the request goes through OpenClaw's SSRF guard with this policy.
   */
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

/** Sends a request and returns the answer; a non-2xx status throws a `PortkeyHttpError`. */
export async function sendPortkeyRequest(request: PortkeyRequest): Promise<PortkeyResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const origin = new URL(request.url).origin;
  let response: Response;
  let body: Buffer;
  try {
    const encoded = await encodeBody(request.body);
    const headers = encoded.contentType ? { ...request.headers, "content-type": encoded.contentType } : request.headers;
    const init: RequestInit = { method: request.method, headers, body: encoded.body, signal };
    if (request.ssrfPolicy) {
      // The guard checks the host (and every redirect) against OpenClaw's SSRF policy before connecting.
      const guarded = await fetchWithSsrFGuard({ url: request.url, init, policy: request.ssrfPolicy, signal });
      response = guarded.response;
      body = await readBounded(response.body, request.maxResponseBytes, request.action).finally(guarded.release);
    } else {
      // Redirects are not followed: a gateway answers directly, and a redirect could carry the key elsewhere.
      response = await fetch(request.url, { ...init, redirect: "manual" });
      body = await readBounded(response.body, request.maxResponseBytes, request.action);
    }
  } catch (error) {
    if (error instanceof PortkeyRequestError) throw error;
    if (error instanceof SsrFBlockedError) {
      throw new PortkeyRequestError(
        `${request.action} failed: ${origin} is a private, loopback or internal address, which OpenClaw's SSRF policy blocks; only the gateway's own address is trusted.`,
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
