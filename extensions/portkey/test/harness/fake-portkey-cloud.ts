/**
 * A fake of Portkey's cloud gateway (OpenAI-compatible) on 127.0.0.1, for
 * end-to-end tests that must exercise a real HTTP client without the network.
 * It speaks the wire shapes Portkey answers with: Portkey-style failures for
 * gateway errors (auth, routing, size), OpenAI-style errors for request
 * validation, plus the x-portkey-* response headers. The OpenAI wire pieces
 * live in openai-wire.ts, shared with the model-vendor stand-in.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  assertFailureStatus,
  bearerToken,
  chatCompletionBody,
  chatStream,
  closeServer,
  defaultFailureBody,
  embeddingsBody,
  transcriptionBody,
  speechAudio,
  headerOf,
  imagesBody,
  isV1,
  listenOnLoopback,
  lowerCaseKeys,
  modelsBody,
  newCompletion,
  nowSeconds,
  readBody,
  readChatRequest,
  readEmbeddingRequest,
  readTranscriptionRequest,
  readSpeechRequest,
  readEditRequest,
  readGenerationRequest,
  recordRequest,
  sendJson,
  wantsUsage,
  writeChatStream,
} from "./openai-wire.ts";
import type { RecordedRequest, RouteContext, WireHeaders } from "./openai-wire.ts";
import { answerAdminRequest, isAdminPath, type FakePortkeyAdminOptions } from "./fake-portkey-admin.ts";

export { TINY_PNG } from "./openai-wire.ts";
export type { RecordedForm, RecordedFormFile, RecordedRequest } from "./openai-wire.ts";

export interface FakePortkeyCloud {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  /** Every request, in arrival order (including rejected ones). */
  requests: RecordedRequest[];
  /**
   * Queue a one-shot failure (status 400–599) answered to the next
   * authenticated /v1 request instead of its normal reply. The body is sent as
   * JSON; it defaults to an OpenAI-shaped error.
   */
  failNext(status: number, body?: unknown, headers?: Record<string, string>): void;
  /**
   * Answers every request for this model with the failure (as Portkey does
   * for a budget-exhausted or rate-limited model) until cleared with undefined.
   */
  failModel(model: string, failure: { status: number; body?: unknown } | undefined): void;
  /** Changes the workspace's Model Catalog, as a user adding or removing an integration's model does. */
  setModels(models: readonly string[]): void;
  /** Drops open connections (keep-alive, streams) and stops listening. */
  close(): Promise<void>;
}

export interface FakePortkeyCloudOptions {
  apiKey: string;
  models?: string[];
  /** The Admin API's key and data (spend, usage-limit policies); without it the Admin API answers 404. */
  admin?: FakePortkeyAdminOptions;
}

export const DEFAULT_MODELS: readonly string[] = [
  "@openai-prod/gpt-4o",
  "@openai-prod/gpt-4o-mini",
  "@anthropic-prod/claude-sonnet-4-5",
  "@openai-prod/gpt-image-1",
];

// ---------------------------------------------------------------------------
// Portkey's own answers.

function portkeyFailure(message: string): { status: "failure"; message: string } {
  return { status: "failure", message };
}

const NOT_FOUND = portkeyFailure("Not Found");
const INVALID_API_KEY = portkeyFailure("Invalid API Key. Error Code: 03.");

/** What Portkey adds to every answer it routes; the trace id is echoed so tests can correlate. */
function portkeyHeaders(requestHeaders: WireHeaders): WireHeaders {
  return {
    "x-portkey-trace-id": headerOf(requestHeaders, "x-portkey-trace-id") ?? randomUUID(),
    "x-portkey-provider": "openai",
    "x-portkey-last-used-option-index": "config",
    "x-portkey-retry-attempt-count": "0",
    "x-portkey-cache-status": "DISABLED",
  };
}

function presentedKey(headers: WireHeaders): string | undefined {
  // x-portkey-api-key wins; Authorization is only consulted when it is absent.
  return headerOf(headers, "x-portkey-api-key") ?? bearerToken(headers);
}

// ---------------------------------------------------------------------------
// Routes.

function chatCompletions(ctx: RouteContext): void {
  const request = readChatRequest(ctx);
  if (request === undefined) return;
  const completion = newCompletion(request, `pong from ${request.model}`);
  if (request.stream === true) writeChatStream(ctx.res, ctx.headers, chatStream(completion, wantsUsage(request)));
  else sendJson(ctx.res, 200, chatCompletionBody(completion), ctx.headers);
}

function embeddings(ctx: RouteContext): void {
  const request = readEmbeddingRequest(ctx);
  if (request !== undefined) sendJson(ctx.res, 200, embeddingsBody(request), ctx.headers);
}

function transcriptions(ctx: RouteContext): void {
  const request = readTranscriptionRequest(ctx);
  if (request !== undefined) sendJson(ctx.res, 200, transcriptionBody(request.file), ctx.headers);
}

function speech(ctx: RouteContext): void {
  const request = readSpeechRequest(ctx);
  if (request === undefined) return;
  const audio = speechAudio(request);
  ctx.res.writeHead(200, { ...ctx.headers, "content-type": audio.contentType, "content-length": audio.body.length });
  ctx.res.end(audio.body);
}

function imageGenerations(ctx: RouteContext): void {
  const request = readGenerationRequest(ctx);
  if (request !== undefined) sendJson(ctx.res, 200, imagesBody(request), ctx.headers);
}

function imageEdits(ctx: RouteContext): void {
  const request = readEditRequest(ctx);
  if (request !== undefined) sendJson(ctx.res, 200, imagesBody(request), ctx.headers);
}

/** "@openai-prod/gpt-4o" → "openai": the provider slug of a Portkey model ref. */
function ownerOf(model: string): string {
  const slug = /^@([^/]+)\//.exec(model)?.[1];
  return slug?.split("-")[0] ?? "portkey";
}

function modelsRoute(listed: () => readonly string[], created: number): (ctx: RouteContext) => void {
  return (ctx) =>
    sendJson(
      ctx.res,
      200,
      modelsBody(
        listed().map((id) => ({ id, owned_by: ownerOf(id) })),
        created,
      ),
      ctx.headers,
    );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

// ---------------------------------------------------------------------------
// Server.

interface QueuedFailure {
  status: number;
  body: unknown;
  headers: WireHeaders;
}

export async function startFakePortkeyCloud(options: FakePortkeyCloudOptions): Promise<FakePortkeyCloud> {
  if (options.apiKey === "") throw new TypeError("fake Portkey cloud: apiKey must not be empty");
  const requests: RecordedRequest[] = [];
  const failures: QueuedFailure[] = [];
  const failingModels = new Map<string, QueuedFailure>();
  let workspaceModels: readonly string[] = options.models ?? DEFAULT_MODELS;
  const routes = new Map<string, (ctx: RouteContext) => void>([
    ["POST /v1/chat/completions", chatCompletions],
    ["POST /v1/embeddings", embeddings],
    ["POST /v1/audio/transcriptions", transcriptions],
    ["POST /v1/audio/speech", speech],
    ["POST /v1/images/generations", imageGenerations],
    ["POST /v1/images/edits", imageEdits],
    ["GET /v1/models", modelsRoute(() => workspaceModels, nowSeconds())],
  ]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(req);
    const { request, parts } = await recordRequest(req, tooLarge ? Buffer.alloc(0) : body);
    requests.push(request);
    if (tooLarge) return sendJson(res, 413, portkeyFailure("Request body too large. The limit is 10 MB."));
    if (!isV1(request.path)) return sendJson(res, 404, NOT_FOUND);
    if (isAdminPath(request.path)) {
      const answer = answerAdminRequest(options.admin, request, presentedKey(request.headers), options.apiKey);
      return sendJson(res, answer.status, answer.body);
    }
    if (presentedKey(request.headers) !== options.apiKey) return sendJson(res, 401, INVALID_API_KEY);
    const headers = portkeyHeaders(request.headers);
    const requestedModel = isRecord(request.json) && typeof request.json.model === "string" ? request.json.model : undefined;
    const failure = failures.shift() ?? (requestedModel === undefined ? undefined : failingModels.get(requestedModel));
    if (failure !== undefined) {
      return sendJson(res, failure.status, failure.body, { ...headers, ...failure.headers });
    }
    const route = routes.get(`${request.method} ${request.path}`);
    if (route === undefined) return sendJson(res, 404, NOT_FOUND, headers);
    route({ request, parts, res, headers });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Aborted uploads land here too; a socket that is gone just gets destroyed.
      if (res.headersSent || res.destroyed) res.destroy();
      else sendJson(res, 500, portkeyFailure(`Fake Portkey cloud error: ${String(error)}`));
    });
  });
  const address = await listenOnLoopback(server, "fake Portkey cloud");

  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    requests,
    failNext(status, body, headers = {}) {
      assertFailureStatus("failNext", status);
      const failureBody = body === undefined ? defaultFailureBody(status, "fake Portkey cloud") : body;
      failures.push({ status, body: failureBody, headers: lowerCaseKeys(headers) });
    },
    setModels(models) {
      workspaceModels = [...models];
    },
    failModel(model, failure) {
      if (failure === undefined) return void failingModels.delete(model);
      assertFailureStatus("failModel", failure.status);
      failingModels.set(model, {
        status: failure.status,
        body: failure.body ?? defaultFailureBody(failure.status, "fake Portkey cloud"),
        headers: {},
      });
    },
    close() {
      closing ??= closeServer(server);
      return closing;
    },
  };
}
