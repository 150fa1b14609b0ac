/**
 * A model vendor with OpenAI's API on 127.0.0.1, to stand behind the real
 * self-hosted Portkey gateway (`x-portkey-provider: openai` +
 * `x-portkey-custom-host`). It checks its own Bearer key, answers chat (JSON
 * and SSE), image generations and edits and the model list with OpenAI's
 * shapes, records every request, and injects the faults a real vendor has:
 * error statuses, slowness, dropped and reset connections, truncated or
 * malformed bodies, empty results. Each instance has a name that appears in
 * its chat replies ("vendor-a says: pong from gpt-4o"), so a test can tell
 * which target of a fallback or load-balance config answered.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  assertFailureStatus,
  bearerToken,
  chatCompletionBody,
  chatStream,
  embeddingsBody,
  transcriptionBody,
  speechAudio,
  toolCallStream,
  withOpenAiPromptCache,
  closeServer,
  defaultFailureBody,
  imagesBody,
  isV1,
  listenOnLoopback,
  lowerCaseKeys,
  modelsBody,
  newCompletion,
  nowSeconds,
  openAiError,
  readBody,
  readChatRequest,
  readEmbeddingRequest,
  readTranscriptionRequest,
  readSpeechRequest,
  readEditRequest,
  readGenerationRequest,
  recordRequest,
  SSE_DONE,
  sendJson,
  sseEvent,
  wantsUsage,
  writeChatStream,
  writeSseHead,
} from "./openai-wire.ts";
import type { ChatRequest, ChatStream, Completion, RecordedRequest, RouteContext, ToolCall, WireHeaders } from "./openai-wire.ts";

/**
 * What the vendor does instead of (or on the way to) its normal answer.
 * Stream faults count `afterChunks` content chunks after the role chunk; on a
 * JSON answer they cut the body in half instead. Kinds that do not fit the
 * route (images-* on chat, empty-choices on images) leave the answer alone.
 */
export type VendorFault =
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: "delay"; ms: number }
  /** Destroys the socket without answering. */
  | { kind: "drop" }
  /** Sends part of the answer, then destroys the socket. */
  | { kind: "reset-mid-stream"; afterChunks: number }
  /** Sends part of the answer, then ends the response cleanly: no finish chunk, no [DONE]. */
  | { kind: "truncate-stream"; afterChunks: number }
  /** 200 with a JSON body that does not parse, or an SSE data line that does not. */
  | { kind: "malformed-json" }
  | { kind: "empty-choices" }
  | { kind: "images-empty" }
  | { kind: "images-bad-base64" };

export interface VendorStandIn {
  name: string;
  apiKey: string;
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  /** Every request, in arrival order (including rejected ones). */
  requests: RecordedRequest[];
  /** Queues a one-shot fault for the next authenticated /v1 request; queued faults go first. */
  failNext(fault: VendorFault): void;
  /** Applies a fault to every authenticated /v1 request until cleared with undefined. */
  setFault(fault: VendorFault | undefined): void;
  /** Headers that make the self-hosted gateway route a request here. */
  gatewayHeaders(): Record<string, string>;
  /** The same route as a Portkey Config target (`x-portkey-config`, `targets`). */
  configTarget(): { provider: "openai"; api_key: string; custom_host: string };
  /** Drops open connections and stops listening; safe to call twice. */
  close(): Promise<void>;
}

export interface VendorStandInOptions {
  name: string;
  apiKey: string;
  models?: readonly string[];
}

export const DEFAULT_VENDOR_MODELS: readonly string[] = ["gpt-4o", "gpt-4o-mini", "gpt-image-1"];

/** Not base64 at all: characters outside the alphabet and a broken length. */
const BAD_BASE64 = "%%not*base64!!~";

const INVALID_API_KEY = openAiError(
  "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
  "invalid_request_error",
  "invalid_api_key",
);

// ---------------------------------------------------------------------------
// Routes build a reply; delivery applies the transport faults to it.

type Reply = { type: "json"; body: unknown } | { type: "sse"; stream: ChatStream } | { type: "binary"; body: Buffer; contentType: string };

/** A route returns undefined when it already answered (a 400 from validation). */
type Route = (ctx: RouteContext, fault: VendorFault | undefined) => Reply | undefined;

function emptyChoicesStream(completion: Completion, includeUsage: boolean): ChatStream {
  const { id, created, model, usage } = completion;
  const chunk = { id, object: "chat.completion.chunk", created, model, choices: [], ...(includeUsage ? { usage } : {}) };
  return { opening: [], content: [], closing: [chunk] };
}

/** What a message says, whether its content is a string or a list of parts. */
function textOf(message: Record<string, unknown> | undefined): string {
  const content = message?.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => (typeof part === "object" && part !== null && "text" in part && typeof part.text === "string" ? part.text : ""))
    .join("");
}

function offersTool(request: ChatRequest, toolName: string): boolean {
  return (request.tools ?? []).some((tool) => JSON.stringify(tool).includes(`"name":"${toolName}"`));
}

/**
 * Tool use, as a model does it: asked to "read the file <path>" with
 * OpenClaw's `read` tool on offer, it calls the tool; given the tool's result,
 * it answers with what the result said.
 */
function toolTurn(request: ChatRequest, name: string): { call: ToolCall } | { answer: string } | undefined {
  // OpenClaw may add a context message of the user's after a tool result, so look past the trailing user messages.
  const lastOther = request.messages.findLastIndex((message) => message.role !== "user");
  const result = request.messages[lastOther];
  if (result?.role === "tool") return { answer: `${name} says: the file reads "${textOf(result).trim()}"` };
  const turnStart = lastOther + 1;
  const turn = request.messages.slice(turnStart).map(textOf).join("\n");
  const path = /read the file (\S+?)[.?!]?$/im.exec(turn)?.[1];
  if (path === undefined || !offersTool(request, "read")) return undefined;
  return { call: { id: `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`, name: "read", arguments: JSON.stringify({ path }) } };
}

function chatRoute(name: string): Route {
  const earlierPrompts: string[] = [];
  return (ctx, fault) => {
    const request = readChatRequest(ctx);
    if (request === undefined) return undefined;
    const tool = toolTurn(request, name);
    const answered = newCompletion(request, tool && "answer" in tool ? tool.answer : `${name} says: pong from ${request.model}`);
    const completion = withOpenAiPromptCache(answered, request, earlierPrompts);
    const emptyChoices = fault?.kind === "empty-choices";
    if (request.stream === true && tool && "call" in tool)
      return { type: "sse", stream: toolCallStream(completion, tool.call, wantsUsage(request)) };
    if (request.stream === true) {
      const includeUsage = wantsUsage(request);
      const stream = emptyChoices ? emptyChoicesStream(completion, includeUsage) : chatStream(completion, includeUsage);
      return { type: "sse", stream };
    }
    const body = chatCompletionBody(completion);
    return { type: "json", body: emptyChoices ? { ...body, choices: [] } : body };
  };
}

function imagesReply(request: { prompt: string; n: number; size?: string | undefined }, fault: VendorFault | undefined): Reply {
  const body = imagesBody(request, fault?.kind === "images-bad-base64" ? BAD_BASE64 : undefined);
  return { type: "json", body: fault?.kind === "images-empty" ? { ...body, data: [] } : body };
}

const imageGenerations: Route = (ctx, fault) => {
  const request = readGenerationRequest(ctx);
  return request === undefined ? undefined : imagesReply(request, fault);
};

const imageEdits: Route = (ctx, fault) => {
  const request = readEditRequest(ctx);
  return request === undefined ? undefined : imagesReply(request, fault);
};

const embeddingsRoute: Route = (ctx) => {
  const request = readEmbeddingRequest(ctx);
  return request === undefined ? undefined : { type: "json", body: embeddingsBody(request) };
};

const transcriptionsRoute: Route = (ctx) => {
  const request = readTranscriptionRequest(ctx);
  return request === undefined ? undefined : { type: "json", body: transcriptionBody(request.file) };
};

const speechRoute: Route = (ctx) => {
  const request = readSpeechRequest(ctx);
  if (request === undefined) return undefined;
  const audio = speechAudio(request);
  return { type: "binary", body: audio.body, contentType: audio.contentType };
};

function modelsRoute(name: string, models: readonly string[]): Route {
  const body = modelsBody(
    models.map((id) => ({ id, owned_by: name })),
    nowSeconds(),
  );
  return () => ({ type: "json", body });
}

/** Writes, then destroys the socket once the bytes have left, so the client sees them before the reset. */
function writeThenReset(res: ServerResponse, data: string): void {
  res.write(data, () => res.destroy());
}

function deliverJson(res: ServerResponse, headers: WireHeaders, body: unknown, fault: VendorFault | undefined): void {
  const payload = JSON.stringify(body);
  const half = payload.slice(0, Math.floor(payload.length / 2));
  if (fault?.kind === "malformed-json") {
    res.writeHead(200, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(half) });
    res.end(half);
  } else if (fault?.kind === "reset-mid-stream") {
    // The declared length promises the whole body; the reset breaks that promise.
    res.writeHead(200, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
    writeThenReset(res, half);
  } else if (fault?.kind === "truncate-stream") {
    // Chunked, so ending early is a clean end of a short body.
    res.writeHead(200, { ...headers, "content-type": "application/json" });
    res.end(half);
  } else {
    sendJson(res, 200, body, headers);
  }
}

function deliverStream(res: ServerResponse, headers: WireHeaders, stream: ChatStream, fault: VendorFault | undefined): void {
  if (fault?.kind === "reset-mid-stream" || fault?.kind === "truncate-stream") {
    const sent = [...stream.opening, ...stream.content.slice(0, fault.afterChunks)].map(sseEvent).join("");
    writeSseHead(res, headers);
    if (fault.kind === "reset-mid-stream") writeThenReset(res, sent);
    else res.end(sent);
  } else if (fault?.kind === "malformed-json") {
    writeSseHead(res, headers);
    const broken = JSON.stringify(stream.content[0] ?? {}).slice(0, 40);
    res.end(`${stream.opening.map(sseEvent).join("")}data: ${broken}\n\n${SSE_DONE}`);
  } else {
    writeChatStream(res, headers, stream);
  }
}

function deliver(res: ServerResponse, headers: WireHeaders, reply: Reply, fault: VendorFault | undefined): void {
  if (reply.type === "binary") {
    res.writeHead(200, { ...headers, "content-type": reply.contentType, "content-length": reply.body.length });
    res.end(reply.body);
  } else if (reply.type === "sse") deliverStream(res, headers, reply.stream, fault);
  else deliverJson(res, headers, reply.body, fault);
}

// ---------------------------------------------------------------------------
// Faults.

function checkFault(fault: VendorFault): VendorFault {
  if (fault.kind === "status") {
    assertFailureStatus("vendor fault", fault.status);
    return { ...fault, headers: lowerCaseKeys(fault.headers ?? {}) };
  }
  if (fault.kind === "delay" && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new RangeError(`vendor fault: delay must be a non-negative number of ms, got ${fault.ms}`);
  }
  const cutsShort = fault.kind === "reset-mid-stream" || fault.kind === "truncate-stream";
  if (cutsShort && !(Number.isInteger(fault.afterChunks) && fault.afterChunks >= 0)) {
    throw new RangeError(`vendor fault: afterChunks must be a non-negative integer, got ${fault.afterChunks}`);
  }
  return fault;
}

/** Resolves after `ms`, or at once when the server is closing, so close() never waits on a delay. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

// ---------------------------------------------------------------------------
// Server.

export async function startVendorStandIn(options: VendorStandInOptions): Promise<VendorStandIn> {
  const { name, apiKey } = options;
  if (name === "" || apiKey === "") throw new TypeError("vendor stand-in: name and apiKey must not be empty");
  const requests: RecordedRequest[] = [];
  const queued: VendorFault[] = [];
  let persistent: VendorFault | undefined;
  const closing = new AbortController();
  const routes = new Map<string, Route>([
    ["POST /v1/chat/completions", chatRoute(name)],
    ["POST /v1/embeddings", embeddingsRoute],
    ["POST /v1/audio/transcriptions", transcriptionsRoute],
    ["POST /v1/audio/speech", speechRoute],
    ["POST /v1/images/generations", imageGenerations],
    ["POST /v1/images/edits", imageEdits],
    ["GET /v1/models", modelsRoute(name, options.models ?? DEFAULT_VENDOR_MODELS)],
  ]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(req);
    const { request, parts } = await recordRequest(req, tooLarge ? Buffer.alloc(0) : body);
    requests.push(request);
    const headers: WireHeaders = { "x-request-id": `req_${randomUUID().replaceAll("-", "")}` };
    if (tooLarge) return sendJson(res, 413, openAiError("Request body too large.", "invalid_request_error"), headers);
    const route = routes.get(`${request.method} ${request.path}`);
    if (!isV1(request.path) || route === undefined) {
      const message = `Invalid URL (${request.method} ${request.path})`;
      return sendJson(res, 404, openAiError(message, "invalid_request_error"), headers);
    }
    // Never echo the presented key: the message is the same for every wrong one.
    if (bearerToken(request.headers) !== apiKey) return sendJson(res, 401, INVALID_API_KEY, headers);

    const fault = queued.shift() ?? persistent;
    if (fault?.kind === "drop") {
      res.destroy();
      return;
    }
    if (fault?.kind === "status") {
      const failureBody = fault.body === undefined ? defaultFailureBody(fault.status, `vendor stand-in ${name}`) : fault.body;
      return sendJson(res, fault.status, failureBody, { ...headers, ...fault.headers });
    }
    if (fault?.kind === "delay") await sleep(fault.ms, closing.signal);
    if (res.destroyed) return;
    const reply = route({ request, parts, res, headers }, fault);
    if (reply !== undefined) deliver(res, headers, reply, fault);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) res.destroy();
      else sendJson(res, 500, openAiError(`Vendor stand-in error: ${String(error)}`, "server_error"));
    });
  });
  const address = await listenOnLoopback(server, `vendor stand-in ${name}`);
  const baseUrl = `http://127.0.0.1:${address.port}/v1`;

  let closed: Promise<void> | undefined;
  return {
    name,
    apiKey,
    baseUrl,
    requests,
    failNext(fault) {
      queued.push(checkFault(fault));
    },
    setFault(fault) {
      persistent = fault === undefined ? undefined : checkFault(fault);
    },
    gatewayHeaders() {
      return { "x-portkey-provider": "openai", "x-portkey-custom-host": baseUrl, authorization: `Bearer ${apiKey}` };
    },
    configTarget() {
      return { provider: "openai", api_key: apiKey, custom_host: baseUrl };
    },
    close() {
      closing.abort();
      closed ??= closeServer(server);
      return closed;
    },
  };
}
