/**
 * A fake of Portkey's cloud gateway (OpenAI-compatible) on 127.0.0.1, for
 * end-to-end tests that must exercise a real HTTP client without the network.
 * It speaks the wire shapes Portkey answers with: Portkey-style failures for
 * gateway errors (auth, routing, size), OpenAI-style errors for request
 * validation, plus the x-portkey-* response headers.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32, deflateSync } from "node:zlib";
import { z } from "zod";

export interface RecordedFormFile {
  name: string;
  filename?: string;
  contentType?: string;
  size: number;
}

export interface RecordedForm {
  fields: Record<string, string>;
  files: RecordedFormFile[];
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Empty when the body exceeded the size limit. */
  body: Buffer;
  /** Parsed body, present only for valid JSON sent as JSON. */
  json?: unknown;
  /** Present only for well-formed multipart/form-data bodies. */
  form?: RecordedForm;
}

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
  /** Drops open connections (keep-alive, streams) and stops listening. */
  close(): Promise<void>;
}

export interface FakePortkeyCloudOptions {
  apiKey: string;
  models?: string[];
}

export const DEFAULT_MODELS: readonly string[] = [
  "@openai-prod/gpt-4o",
  "@openai-prod/gpt-4o-mini",
  "@anthropic-prod/claude-sonnet-4-5",
  "@openai-prod/gpt-image-1",
];

// ---------------------------------------------------------------------------
// TINY_PNG: generated rather than pasted, so its validity is checkable here.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  // The PNG CRC covers chunk type + data, not the length field.
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function buildTinyPng(): Buffer<ArrayBuffer> {
  const header = Buffer.alloc(13); // compression, filter, interlace stay 0
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: truecolour with alpha
  // One scanline: filter byte "None", then a single opaque orange RGBA pixel.
  const scanline = Buffer.from([0x00, 0xff, 0x7f, 0x00, 0xff]);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(scanline)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * A valid 1x1 RGBA PNG, returned by every image endpoint. Typed over a plain
 * ArrayBuffer so it can go straight into `new Blob([TINY_PNG])`.
 */
export const TINY_PNG: Buffer<ArrayBuffer> = buildTinyPng();
const TINY_PNG_BASE64 = TINY_PNG.toString("base64");

// ---------------------------------------------------------------------------
// Request reading and recording.

const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface ReadBody {
  body: Buffer;
  tooLarge: boolean;
}

function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining past the limit so the client gets the 413 instead of a
      // reset socket while it is still uploading.
      if (size > MAX_BODY_BYTES) chunks = [];
      else chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES }));
    req.on("error", reject);
  });
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headersDistinct).map(([name, values]) => [name, (values ?? []).join(", ")]),
  );
}

/** Lookup that stays `string | undefined` whatever the index-access settings. */
function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(headers, name) ? headers[name] : undefined;
}

interface HeaderValue {
  value: string;
  params: Map<string, string>;
}

/** Parses `type; key=value; key="quoted;value"` (Content-Type, Content-Disposition). */
function parseHeaderValue(header: string): HeaderValue {
  const semicolon = header.indexOf(";");
  const value = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  const params = new Map<string, string>();
  const rest = semicolon === -1 ? "" : header.slice(semicolon);
  for (const match of rest.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const [, key = "", quoted, bare] = match;
    params.set(key.toLowerCase(), quoted === undefined ? (bare ?? "").trim() : quoted.replace(/\\(.)/g, "$1"));
  }
  return { value, params };
}

function mediaTypeOf(headers: Record<string, string>): string {
  const contentType = headerOf(headers, "content-type");
  return contentType === undefined ? "" : parseHeaderValue(contentType).value;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// multipart/form-data (RFC 7578), enough for what fetch's FormData produces.

interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const CRLF = Buffer.from("\r\n");
const DASH_DASH = Buffer.from("--");

/** Returns the raw sections between boundaries, or undefined if malformed. */
function splitMultipart(body: Buffer, boundary: string): Buffer[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const sections: Buffer[] = [];
  let position = body.indexOf(delimiter); // anything before it is preamble
  if (position === -1) return undefined;
  for (;;) {
    const afterDelimiter = position + delimiter.length;
    const marker = body.subarray(afterDelimiter, afterDelimiter + 2);
    if (marker.equals(DASH_DASH)) return sections; // close delimiter; epilogue ignored
    if (!marker.equals(CRLF)) return undefined;
    const start = afterDelimiter + 2;
    const end = body.indexOf(nextDelimiter, start);
    if (end === -1) return undefined; // unterminated part
    sections.push(body.subarray(start, end));
    position = end + CRLF.length;
  }
}

function parsePartHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function parsePart(section: Buffer): MultipartPart | undefined {
  const headerEnd = section.indexOf("\r\n\r\n");
  if (headerEnd === -1) return undefined;
  const headers = parsePartHeaders(section.subarray(0, headerEnd).toString("utf8"));
  const disposition = headers.get("content-disposition");
  if (disposition === undefined) return undefined;
  const { value, params } = parseHeaderValue(disposition);
  const name = params.get("name");
  if (value !== "form-data" || name === undefined) return undefined;
  const filename = params.get("filename");
  const contentType = headers.get("content-type");
  return {
    name,
    ...(filename === undefined ? {} : { filename }),
    ...(contentType === undefined ? {} : { contentType }),
    data: section.subarray(headerEnd + 4),
  };
}

function parseMultipart(headers: Record<string, string>, body: Buffer): MultipartPart[] | undefined {
  const contentType = headerOf(headers, "content-type");
  if (contentType === undefined) return undefined;
  const { value, params } = parseHeaderValue(contentType);
  const boundary = params.get("boundary");
  if (value !== "multipart/form-data" || boundary === undefined || boundary === "") return undefined;
  const parts: MultipartPart[] = [];
  for (const section of splitMultipart(body, boundary) ?? []) {
    const part = parsePart(section);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return parts.length > 0 ? parts : undefined;
}

// A part is a file when it carries a filename, which FormData always sets for Blobs.
function isFilePart(part: MultipartPart): boolean {
  return part.filename !== undefined;
}

function formFields(parts: MultipartPart[]): Record<string, string> {
  return Object.fromEntries(
    parts.filter((part) => !isFilePart(part)).map((part) => [part.name, part.data.toString("utf8")]),
  );
}

function summarizeForm(parts: MultipartPart[]): RecordedForm {
  const files = parts.filter(isFilePart).map(({ data, ...described }) => ({ ...described, size: data.length }));
  return { fields: formFields(parts), files };
}

// ---------------------------------------------------------------------------
// Responses.

type Headers = Record<string, string>;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

function portkeyFailure(message: string): { status: "failure"; message: string } {
  return { status: "failure", message };
}

const NOT_FOUND = portkeyFailure("Not Found");
const INVALID_API_KEY = portkeyFailure("Invalid API Key. Error Code: 03.");

function sendInvalidRequest(res: ServerResponse, headers: Headers, message: string, param: string | null): void {
  sendJson(res, 400, { error: { message, type: "invalid_request_error", param, code: null } }, headers);
}

/** What Portkey adds to every answer it routes; the trace id is echoed so tests can correlate. */
function portkeyHeaders(requestHeaders: Headers): Headers {
  return {
    "x-portkey-trace-id": headerOf(requestHeaders, "x-portkey-trace-id") ?? randomUUID(),
    "x-portkey-provider": "openai",
    "x-portkey-last-used-option-index": "config",
    "x-portkey-retry-attempt-count": "0",
    "x-portkey-cache-status": "DISABLED",
  };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

// ---------------------------------------------------------------------------
// Validation helpers.

interface RouteContext {
  request: RecordedRequest;
  parts: MultipartPart[] | undefined;
  res: ServerResponse;
  headers: Headers;
}

function describeIssue(issues: readonly z.core.$ZodIssue[]): { message: string; param: string | null } {
  const [issue] = issues;
  if (issue === undefined) return { message: "Invalid request.", param: null };
  if (issue.path.length === 0) return { message: `Invalid request body: ${issue.message}`, param: null };
  const param = issue.path.map(String).join(".");
  return { message: `Invalid '${param}': ${issue.message}`, param };
}

/** Validates input, answering the 400 itself on failure. */
function validate<T>(ctx: RouteContext, schema: z.ZodType<T>, input: unknown): T | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { message, param } = describeIssue(result.error.issues);
  sendInvalidRequest(ctx.res, ctx.headers, message, param);
  return undefined;
}

function requireJson(ctx: RouteContext): unknown {
  if (ctx.request.json === undefined) {
    sendInvalidRequest(
      ctx.res,
      ctx.headers,
      "We could not parse the JSON body of your request. The API expects a JSON payload with Content-Type: application/json.",
      null,
    );
  }
  return ctx.request.json;
}

const imageCountRange = z.number().int().min(1).max(4);
const imageCount = imageCountRange.default(1);

// ---------------------------------------------------------------------------
// Chat completions.

const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(z.looseObject({ role: z.string() })).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
});

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

// Roughly 4 characters per token, which is what tokenizers average on English.
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function usageFor(prompt: string, completion: string): Usage {
  const promptTokens = estimateTokens(prompt);
  const completionTokens = estimateTokens(completion);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/** Splits into at most `pieces` non-empty slices, never inside a code point. */
function splitText(text: string, pieces: number): string[] {
  const codePoints = Array.from(text);
  const size = Math.max(1, Math.ceil(codePoints.length / pieces));
  const slices: string[] = [];
  for (let start = 0; start < codePoints.length; start += size) {
    slices.push(codePoints.slice(start, start + size).join(""));
  }
  return slices;
}

interface Completion {
  id: string;
  created: number;
  model: string;
  content: string;
  usage: Usage;
}

function streamChat(ctx: RouteContext, completion: Completion, includeUsage: boolean): void {
  const { id, created, model, content, usage } = completion;
  // With include_usage OpenAI marks every regular chunk with `usage: null`.
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (delta: object, finishReason: "stop" | null): object => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...usageField,
  });
  const events: object[] = [
    chunk({ role: "assistant", content: "" }, null),
    ...splitText(content, 3).map((piece) => chunk({ content: piece }, null)),
    chunk({}, "stop"),
  ];
  if (includeUsage) events.push({ id, object: "chat.completion.chunk", created, model, choices: [], usage });
  ctx.res.writeHead(200, { ...ctx.headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  for (const event of events) ctx.res.write(`data: ${JSON.stringify(event)}\n\n`);
  ctx.res.end("data: [DONE]\n\n");
}

function chatCompletions(ctx: RouteContext): void {
  const json = requireJson(ctx);
  if (json === undefined) return;
  const request = validate(ctx, chatRequestSchema, json);
  if (request === undefined) return;
  const content = `pong from ${request.model}`;
  const completion: Completion = {
    id: `chatcmpl-${randomUUID().replaceAll("-", "")}`,
    created: nowSeconds(),
    model: request.model,
    content,
    usage: usageFor(JSON.stringify(request.messages), content),
  };
  if (request.stream === true) {
    streamChat(ctx, completion, request.stream_options?.include_usage === true);
    return;
  }
  sendJson(
    ctx.res,
    200,
    {
      id: completion.id,
      object: "chat.completion",
      created: completion.created,
      model: completion.model,
      choices: [
        { index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" },
      ],
      usage: completion.usage,
    },
    ctx.headers,
  );
}

// ---------------------------------------------------------------------------
// Images.

function imagesResponse(prompt: string, count: number): object {
  return {
    created: nowSeconds(),
    // gpt-image-1 always answers with b64_json, whatever response_format says.
    data: Array.from({ length: count }, () => ({ b64_json: TINY_PNG_BASE64, revised_prompt: prompt })),
  };
}

const generationRequestSchema = z.object({
  prompt: z.string().min(1),
  model: z.string().min(1).optional(),
  n: imageCount,
  size: z.string().optional(),
  response_format: z.enum(["b64_json", "url"]).nullish(),
});

function imageGenerations(ctx: RouteContext): void {
  const json = requireJson(ctx);
  if (json === undefined) return;
  const request = validate(ctx, generationRequestSchema, json);
  if (request === undefined) return;
  sendJson(ctx.res, 200, imagesResponse(request.prompt, request.n), ctx.headers);
}

// Form fields arrive as strings, hence the coercion of n.
const editFieldsSchema = z.object({
  prompt: z.string().min(1),
  model: z.string().min(1),
  n: z.coerce.number().pipe(imageCountRange).default(1),
});

function hasImageSignature(data: Buffer): boolean {
  const isPng = data.subarray(0, 8).equals(PNG_SIGNATURE);
  const isJpeg = data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  const isWebp = data.toString("latin1", 0, 4) === "RIFF" && data.toString("latin1", 8, 12) === "WEBP";
  return isPng || isJpeg || isWebp;
}

/** Checks the image file parts, answering the 400 itself on failure. */
function validateImageFiles(ctx: RouteContext, parts: MultipartPart[]): boolean {
  const images = parts.filter((part) => isFilePart(part) && (part.name === "image" || part.name === "image[]"));
  if (images.length === 0) {
    sendInvalidRequest(ctx.res, ctx.headers, "Missing required file 'image'.", "image");
    return false;
  }
  const invalid = images.find((part) => !hasImageSignature(part.data));
  if (invalid !== undefined) {
    const label = invalid.filename === undefined || invalid.filename === "" ? invalid.name : invalid.filename;
    sendInvalidRequest(ctx.res, ctx.headers, `Invalid file '${label}': expected PNG, JPEG or WebP image data.`, "image");
    return false;
  }
  return true;
}

function imageEdits(ctx: RouteContext): void {
  const mediaType = mediaTypeOf(ctx.request.headers);
  if (mediaType !== "multipart/form-data") {
    const got = mediaType === "" ? "none" : mediaType;
    sendInvalidRequest(ctx.res, ctx.headers, `Invalid Content-Type (${got}): image edits require multipart/form-data.`, null);
    return;
  }
  if (ctx.parts === undefined) {
    sendInvalidRequest(ctx.res, ctx.headers, "Could not parse the multipart/form-data body.", null);
    return;
  }
  const fields = validate(ctx, editFieldsSchema, formFields(ctx.parts));
  if (fields === undefined || !validateImageFiles(ctx, ctx.parts)) return;
  sendJson(ctx.res, 200, imagesResponse(fields.prompt, fields.n), ctx.headers);
}

// ---------------------------------------------------------------------------
// Models.

/** "@openai-prod/gpt-4o" → "openai": the provider slug of a Portkey model ref. */
function ownerOf(model: string): string {
  const slug = /^@([^/]+)\//.exec(model)?.[1];
  return slug?.split("-")[0] ?? "portkey";
}

function modelsRoute(models: readonly string[], created: number): (ctx: RouteContext) => void {
  const body = {
    object: "list",
    data: models.map((id) => ({ id, object: "model", created, owned_by: ownerOf(id) })),
  };
  return (ctx) => sendJson(ctx.res, 200, body, ctx.headers);
}

// ---------------------------------------------------------------------------
// Server.

interface QueuedFailure {
  status: number;
  body: unknown;
  headers: Headers;
}

function defaultFailureBody(status: number): object {
  const type =
    status === 401 ? "authentication_error"
    : status === 403 ? "permission_error"
    : status === 404 ? "not_found_error"
    : status === 429 ? "rate_limit_error"
    : status >= 500 ? "api_error"
    : "invalid_request_error";
  const code = status === 429 ? "rate_limit_exceeded" : null;
  return { error: { message: `Injected failure from the fake Portkey cloud (HTTP ${status}).`, type, param: null, code } };
}

function lowerCaseKeys(headers: Headers): Headers {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function presentedKey(headers: Headers): string | undefined {
  // x-portkey-api-key wins; Authorization is only consulted when it is absent.
  const portkeyKey = headerOf(headers, "x-portkey-api-key");
  if (portkeyKey !== undefined) return portkeyKey;
  return /^Bearer\s+(\S+)\s*$/i.exec(headerOf(headers, "authorization") ?? "")?.[1];
}

function isV1(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/");
}

function recordRequest(req: IncomingMessage, body: Buffer): { request: RecordedRequest; parts: MultipartPart[] | undefined } {
  const headers = flattenHeaders(req);
  const mediaType = mediaTypeOf(headers);
  const json = mediaType === "application/json" || mediaType.endsWith("+json") ? parseJson(body) : undefined;
  const parts = parseMultipart(headers, body);
  const request: RecordedRequest = {
    method: req.method ?? "GET",
    path: new URL(req.url ?? "/", "http://127.0.0.1").pathname,
    headers,
    body,
    ...(json === undefined ? {} : { json }),
    ...(parts === undefined ? {} : { form: summarizeForm(parts) }),
  };
  return { request, parts };
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("fake Portkey cloud: no TCP address"));
      else resolve(address);
    });
  });
}

export async function startFakePortkeyCloud(options: FakePortkeyCloudOptions): Promise<FakePortkeyCloud> {
  if (options.apiKey === "") throw new TypeError("fake Portkey cloud: apiKey must not be empty");
  const requests: RecordedRequest[] = [];
  const failures: QueuedFailure[] = [];
  const routes = new Map<string, (ctx: RouteContext) => void>([
    ["POST /v1/chat/completions", chatCompletions],
    ["POST /v1/images/generations", imageGenerations],
    ["POST /v1/images/edits", imageEdits],
    ["GET /v1/models", modelsRoute(options.models ?? DEFAULT_MODELS, nowSeconds())],
  ]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(req);
    const { request, parts } = recordRequest(req, tooLarge ? Buffer.alloc(0) : body);
    requests.push(request);
    if (tooLarge) return sendJson(res, 413, portkeyFailure("Request body too large. The limit is 10 MB."));
    if (!isV1(request.path)) return sendJson(res, 404, NOT_FOUND);
    if (presentedKey(request.headers) !== options.apiKey) return sendJson(res, 401, INVALID_API_KEY);
    const headers = portkeyHeaders(request.headers);
    const failure = failures.shift();
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
  const address = await listen(server);

  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    requests,
    failNext(status, body, headers = {}) {
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new RangeError(`failNext: status must be an integer from 400 to 599, got ${status}`);
      }
      failures.push({ status, body: body === undefined ? defaultFailureBody(status) : body, headers: lowerCaseKeys(headers) });
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // close() alone would wait for keep-alive sockets and open streams.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
