/**
 * The OpenAI wire format as the local test servers speak it: request reading
 * and recording (JSON and multipart), request validation with OpenAI-shaped
 * 400s, chat completion bodies and SSE streams, image responses, TINY_PNG and
 * loopback listening. The fake Portkey cloud and the model-vendor stand-in
 * both build on it, so the two answer with identical shapes.
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { parseImageSize, picturePng } from "./picture-png.ts";

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
  /** The query string's parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Empty when the body exceeded the size limit. */
  body: Buffer;
  /** Parsed body, present only for valid JSON sent as JSON. */
  json?: unknown;
  /** Present only for well-formed multipart/form-data bodies. */
  form?: RecordedForm;
}

/** Response headers, lower-cased names. */
export type WireHeaders = Record<string, string>;

// ---------------------------------------------------------------------------
// TINY_PNG: a 1x1 opaque orange RGBA PNG; the plugin's own byte checks decode it in the tests.

const TINY_PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4X8/wHwAGfQJ+ZSLZFwAAAABJRU5ErkJggg==";
/** Answered when no image size is asked for, and sent as an input image; typed over a plain ArrayBuffer so it can go straight into `new Blob([TINY_PNG])`. */
export const TINY_PNG: Buffer<ArrayBuffer> = Buffer.from(TINY_PNG_BASE64, "base64");
const PNG_SIGNATURE = TINY_PNG.subarray(0, 8);

// ---------------------------------------------------------------------------
// Request reading and recording.

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ReadBody {
  body: Buffer;
  tooLarge: boolean;
}

export function readBody(req: IncomingMessage): Promise<ReadBody> {
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
  return Object.fromEntries(Object.entries(req.headersDistinct).map(([name, values]) => [name, (values ?? []).join(", ")]));
}

/** Lookup that stays `string | undefined` whatever the index-access settings. */
export function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(headers, name) ? headers[name] : undefined;
}

export function lowerCaseKeys(headers: WireHeaders): WireHeaders {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
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

/** The Bearer token of an Authorization header, if it has one. */
export function bearerToken(headers: Record<string, string>): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(headerOf(headers, "authorization") ?? "")?.[1];
}

// ---------------------------------------------------------------------------
// multipart/form-data, parsed by the platform's own `Response.formData()`.

export interface MultipartPart {
  name: string;
  /** Set for file parts, which FormData always names. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

async function parseMultipart(headers: Record<string, string>, body: Buffer): Promise<MultipartPart[] | undefined> {
  const contentType = headerOf(headers, "content-type");
  if (contentType === undefined || mediaTypeOf(headers) !== "multipart/form-data") return undefined;
  let form: FormData;
  try {
    form = await new Response(Uint8Array.from(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    return undefined;
  }
  const parts: MultipartPart[] = [];
  for (const [name, value] of form) {
    parts.push(
      typeof value === "string"
        ? { name, data: Buffer.from(value) }
        : { name, filename: value.name, ...(value.type ? { contentType: value.type } : {}), data: Buffer.from(await value.arrayBuffer()) },
    );
  }
  return parts.length > 0 ? parts : undefined;
}

function isFilePart(part: MultipartPart): boolean {
  return part.filename !== undefined;
}

function formFields(parts: MultipartPart[]): Record<string, string> {
  return Object.fromEntries(parts.filter((part) => !isFilePart(part)).map((part) => [part.name, part.data.toString("utf8")]));
}

export interface Received {
  request: RecordedRequest;
  parts: MultipartPart[] | undefined;
}

/** Describes a request whose body has been read; the parts keep the file bytes for validation. */
export async function recordRequest(req: IncomingMessage, body: Buffer): Promise<Received> {
  const headers = flattenHeaders(req);
  const mediaType = mediaTypeOf(headers);
  const json = mediaType === "application/json" || mediaType.endsWith("+json") ? parseJson(body) : undefined;
  const parts = await parseMultipart(headers, body);
  const form = parts && {
    fields: formFields(parts),
    files: parts.filter(isFilePart).map(({ data, ...described }) => ({ ...described, size: data.length })),
  };
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const request: RecordedRequest = {
    method: req.method ?? "GET",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    ...(json === undefined ? {} : { json }),
    ...(form === undefined ? {} : { form }),
  };
  return { request, parts };
}

export function isV1(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/");
}

// ---------------------------------------------------------------------------
// Responses.

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: WireHeaders = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openAiError(message: string, type: string, code: string | null = null, param: string | null = null): OpenAiError {
  return { error: { message, type, param, code } };
}

/** The error body OpenAI sends for a status, for injected failures. */
export function defaultFailureBody(status: number, source: string): OpenAiError {
  const type =
    status === 401
      ? "authentication_error"
      : status === 403
        ? "permission_error"
        : status === 404
          ? "not_found_error"
          : status === 429
            ? "rate_limit_error"
            : status >= 500
              ? "api_error"
              : "invalid_request_error";
  const code = status === 429 ? "rate_limit_exceeded" : null;
  return openAiError(`Injected failure from the ${source} (HTTP ${status}).`, type, code);
}

export function assertFailureStatus(caller: string, status: number): void {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`${caller}: status must be an integer from 400 to 599, got ${status}`);
  }
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

// ---------------------------------------------------------------------------
// Validation: each reader answers the OpenAI-shaped 400 itself and returns
// undefined, so a route just stops.

export interface RouteContext {
  request: RecordedRequest;
  parts: MultipartPart[] | undefined;
  res: ServerResponse;
  /** Headers every answer of this request carries. */
  headers: WireHeaders;
}

function sendInvalidRequest(ctx: RouteContext, message: string, param: string | null): void {
  sendJson(ctx.res, 400, openAiError(message, "invalid_request_error", null, param), ctx.headers);
}

function describeIssue(issues: readonly z.core.$ZodIssue[]): { message: string; param: string | null } {
  const [issue] = issues;
  if (issue === undefined) return { message: "Invalid request.", param: null };
  if (issue.path.length === 0) return { message: `Invalid request body: ${issue.message}`, param: null };
  const param = issue.path.map(String).join(".");
  return { message: `Invalid '${param}': ${issue.message}`, param };
}

function validate<T>(ctx: RouteContext, schema: z.ZodType<T>, input: unknown): T | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { message, param } = describeIssue(result.error.issues);
  sendInvalidRequest(ctx, message, param);
  return undefined;
}

function requireJson(ctx: RouteContext): unknown {
  if (ctx.request.json === undefined) {
    sendInvalidRequest(
      ctx,
      "We could not parse the JSON body of your request. The API expects a JSON payload with Content-Type: application/json.",
      null,
    );
  }
  return ctx.request.json;
}

function readJsonRequest<T>(ctx: RouteContext, schema: z.ZodType<T>): T | undefined {
  const json = requireJson(ctx);
  return json === undefined ? undefined : validate(ctx, schema, json);
}

const imageCountRange = z.number().int().min(1).max(4);

const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.looseObject({ role: z.string() })).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  tools: z.array(z.unknown()).optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

const generationRequestSchema = z.object({
  prompt: z.string().min(1),
  model: z.string().min(1).optional(),
  n: imageCountRange.default(1),
  size: z.string().optional(),
  response_format: z.enum(["b64_json", "url"]).nullish(),
});
export type GenerationRequest = z.infer<typeof generationRequestSchema>;

// Form fields arrive as strings, hence the coercion of n.
const editFieldsSchema = z.object({
  prompt: z.string().min(1),
  model: z.string().min(1),
  n: z.coerce.number().pipe(imageCountRange).default(1),
  size: z.string().optional(),
});
export type EditRequest = z.infer<typeof editFieldsSchema>;

export function readChatRequest(ctx: RouteContext): ChatRequest | undefined {
  return readJsonRequest(ctx, chatRequestSchema);
}

const embeddingRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(2048)]),
  dimensions: z.number().int().positive().optional(),
});

export function readEmbeddingRequest(ctx: RouteContext): z.infer<typeof embeddingRequestSchema> | undefined {
  return readJsonRequest(ctx, embeddingRequestSchema);
}

/** Dimensions of the stand-ins' vectors unless the request asks for others. */
const EMBEDDING_DIMENSIONS = 64;

/**
 * A deterministic embedding: each word adds to the dimension its hash picks,
 * then the vector is scaled to length 1, so texts that share words are near
 * each other (cosine) and a memory search has a right answer.
 */
function embeddingOf(text: string, dimensions: number): number[] {
  const vector = Array.from({ length: dimensions }, () => 0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 2166136261;
    for (const char of word) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + 1;
  }
  const length = Math.hypot(...vector) || 1;
  return vector.map((value) => value / length);
}

/** OpenAI's embeddings answer for the request's inputs, in order. */
export function embeddingsBody(request: z.infer<typeof embeddingRequestSchema>): object {
  const inputs = typeof request.input === "string" ? [request.input] : request.input;
  const tokens = inputs.reduce((sum, input) => sum + estimateTokens(input), 0);
  return {
    object: "list",
    data: inputs.map((input, index) => ({
      object: "embedding",
      index,
      embedding: embeddingOf(input, request.dimensions ?? EMBEDDING_DIMENSIONS),
    })),
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** A transcription upload: multipart with a `model` field and the audio as the `file` part. */
export function readTranscriptionRequest(ctx: RouteContext): { model: string; file: MultipartPart } | undefined {
  const file = ctx.parts?.find((part) => part.name === "file" && isFilePart(part));
  const model = ctx.parts?.find((part) => part.name === "model" && !isFilePart(part))?.data.toString("utf8");
  if (file === undefined || file.data.length === 0) {
    sendInvalidRequest(ctx, "Missing required file 'file' (multipart/form-data).", "file");
    return undefined;
  }
  if (!model) {
    sendInvalidRequest(ctx, "Missing required parameter: 'model'.", "model");
    return undefined;
  }
  return { model, file };
}

/** OpenAI's JSON transcription answer; the text names the uploaded bytes, so a test can tell the real file was sent. */
export function transcriptionBody(file: MultipartPart): object {
  const digest = createHash("sha256").update(file.data).digest("hex").slice(0, 16);
  return { text: `heard ${file.data.length} bytes of ${file.filename ?? "audio"}, sha256 ${digest}` };
}

const speechRequestSchema = z.object({
  model: z.string().min(1),
  input: z.string().min(1).max(4096),
  voice: z.string().min(1),
  response_format: z.enum(["mp3", "wav"], { message: "this stand-in produces mp3 and wav" }).default("mp3"),
});

export function readSpeechRequest(ctx: RouteContext): z.infer<typeof speechRequestSchema> | undefined {
  return readJsonRequest(ctx, speechRequestSchema);
}

/** 0.1 s of silence as 16-bit mono WAV at 8 kHz. */
function silentWav(): Buffer {
  const bytes = 1600;
  const wav = Buffer.alloc(44 + bytes);
  wav.write("RIFF", 0, "latin1");
  wav.writeUInt32LE(36 + bytes, 4);
  wav.write("WAVEfmt ", 8, "latin1");
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(16000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36, "latin1");
  wav.writeUInt32LE(bytes, 40);
  return wav;
}

/** Silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each). */
function silentMp3(): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat([frame, frame, frame]);
}

/** The audio `POST /v1/audio/speech` answers with, in the format asked for. */
export function speechAudio(request: z.infer<typeof speechRequestSchema>): { body: Buffer; contentType: string } {
  return request.response_format === "wav"
    ? { body: silentWav(), contentType: "audio/wav" }
    : { body: silentMp3(), contentType: "audio/mpeg" };
}

export function readGenerationRequest(ctx: RouteContext): GenerationRequest | undefined {
  return readJsonRequest(ctx, generationRequestSchema);
}

function hasImageSignature(data: Buffer): boolean {
  const isPng = data.subarray(0, 8).equals(PNG_SIGNATURE);
  const isJpeg = data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  const isWebp = data.toString("latin1", 0, 4) === "RIFF" && data.toString("latin1", 8, 12) === "WEBP";
  return isPng || isJpeg || isWebp;
}

function validateImageFiles(ctx: RouteContext, parts: MultipartPart[]): boolean {
  const images = parts.filter((part) => isFilePart(part) && (part.name === "image" || part.name === "image[]"));
  if (images.length === 0) {
    sendInvalidRequest(ctx, "Missing required file 'image'.", "image");
    return false;
  }
  const invalid = images.find((part) => !hasImageSignature(part.data));
  if (invalid !== undefined) {
    const label = invalid.filename === undefined || invalid.filename === "" ? invalid.name : invalid.filename;
    sendInvalidRequest(ctx, `Invalid file '${label}': expected PNG, JPEG or WebP image data.`, "image");
    return false;
  }
  return true;
}

/** Image edits are multipart only, as on OpenAI. */
export function readEditRequest(ctx: RouteContext): EditRequest | undefined {
  const mediaType = mediaTypeOf(ctx.request.headers);
  if (mediaType !== "multipart/form-data") {
    const got = mediaType === "" ? "none" : mediaType;
    sendInvalidRequest(ctx, `Invalid Content-Type (${got}): image edits require multipart/form-data.`, null);
    return undefined;
  }
  if (ctx.parts === undefined) {
    sendInvalidRequest(ctx, "Could not parse the multipart/form-data body.", null);
    return undefined;
  }
  const fields = validate(ctx, editFieldsSchema, formFields(ctx.parts));
  if (fields === undefined || !validateImageFiles(ctx, ctx.parts)) return undefined;
  return fields;
}

// ---------------------------------------------------------------------------
// Chat completions.

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
}

// Roughly 4 characters per token, which is what tokenizers average on English.
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function usageFor(prompt: string, completion: string): Usage {
  const promptTokens = estimateTokens(prompt);
  const completionTokens = estimateTokens(completion);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/** Splits into at most `pieces` non-empty slices, never inside a code point. */
export function splitText(text: string, pieces: number): string[] {
  const codePoints = Array.from(text);
  const size = Math.max(1, Math.ceil(codePoints.length / pieces));
  const slices: string[] = [];
  for (let start = 0; start < codePoints.length; start += size) {
    slices.push(codePoints.slice(start, start + size).join(""));
  }
  return slices;
}

export interface Completion {
  id: string;
  created: number;
  model: string;
  content: string;
  usage: Usage;
}

export function newCompletion(request: ChatRequest, content: string): Completion {
  return {
    id: `chatcmpl-${randomUUID().replaceAll("-", "")}`,
    created: nowSeconds(),
    model: request.model,
    content,
    usage: usageFor(JSON.stringify(request.messages), content),
  };
}

/** OpenAI caches prompts of 1024 tokens and more, in steps of 128 tokens. */
const OPENAI_CACHE_MIN_TOKENS = 1024;
const OPENAI_CACHE_STEP_TOKENS = 128;

/**
 * Usage with OpenAI's automatic prompt caching: the longest prefix this prompt
 * shares with an earlier one is reported as `prompt_tokens_details.
 * cached_tokens` (within `prompt_tokens`, as OpenAI counts it). `seen` holds
 * the earlier prompts, per stand-in.
 */
export function withOpenAiPromptCache(completion: Completion, request: ChatRequest, seen: string[]): Completion {
  const prompt = JSON.stringify([request.tools ?? [], request.messages]);
  let shared = 0;
  for (const earlier of seen) {
    let length = 0;
    while (length < earlier.length && length < prompt.length && earlier[length] === prompt[length]) length += 1;
    shared = Math.max(shared, length);
  }
  seen.push(prompt);
  const sharedTokens = Math.floor(shared / 4);
  const cached =
    sharedTokens < OPENAI_CACHE_MIN_TOKENS ? 0 : Math.floor(sharedTokens / OPENAI_CACHE_STEP_TOKENS) * OPENAI_CACHE_STEP_TOKENS;
  return {
    ...completion,
    usage: { ...completion.usage, prompt_tokens_details: { cached_tokens: Math.min(cached, completion.usage.prompt_tokens) } },
  };
}

export function wantsUsage(request: ChatRequest): boolean {
  return request.stream_options?.include_usage === true;
}

export function chatCompletionBody(completion: Completion): object {
  const { id, created, model, content, usage } = completion;
  return {
    id,
    object: "chat.completion",
    created,
    model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage,
  };
}

/**
 * A chat stream's events in three groups, so a server can cut it short after
 * some content: the role chunk, the content chunks, then the finish chunk and
 * (with include_usage) the usage chunk. `[DONE]` is not part of it.
 */
export interface ChatStream {
  opening: object[];
  content: object[];
  closing: object[];
}

/** One chunk of the completion's stream; with include_usage OpenAI marks every regular chunk with `usage: null`. */
function chunkOf(completion: Completion, includeUsage: boolean): (delta: object, finishReason: "stop" | "tool_calls" | null) => object {
  const { id, created, model } = completion;
  return (delta, finishReason) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
}

export function chatStream(completion: Completion, includeUsage: boolean): ChatStream {
  const { id, created, model, content, usage } = completion;
  const chunk = chunkOf(completion, includeUsage);
  const closing: object[] = [chunk({}, "stop")];
  if (includeUsage) closing.push({ id, object: "chat.completion.chunk", created, model, choices: [], usage });
  return {
    opening: [chunk({ role: "assistant", content: "" }, null)],
    content: splitText(content, 3).map((piece) => chunk({ content: piece }, null)),
    closing,
  };
}

/** A call of one of the request's tools, as the model would make it. */
export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, streamed in pieces as OpenAI does. */
  arguments: string;
}

/** A stream that answers with a tool call instead of text: its name first, then the arguments in pieces, then `tool_calls`. */
export function toolCallStream(completion: Completion, call: ToolCall, includeUsage: boolean): ChatStream {
  const text = chatStream({ ...completion, content: "" }, includeUsage);
  const chunk = chunkOf(completion, includeUsage);
  const opening = { tool_calls: [{ index: 0, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] };
  return {
    opening: [chunk({ role: "assistant", content: null }, null)],
    content: [
      chunk(opening, null),
      ...splitText(call.arguments, 3).map((piece) => chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null)),
    ],
    closing: [chunk({}, "tool_calls"), ...text.closing.slice(1)],
  };
}

export const SSE_DONE = "data: [DONE]\n\n";

export function sseEvent(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export function writeSseHead(res: ServerResponse, headers: WireHeaders): void {
  res.writeHead(200, { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
}

/** The whole stream, ending with `[DONE]`. */
export function writeChatStream(res: ServerResponse, headers: WireHeaders, stream: ChatStream): void {
  writeSseHead(res, headers);
  for (const event of [...stream.opening, ...stream.content, ...stream.closing]) res.write(sseEvent(event));
  res.end(SSE_DONE);
}

// ---------------------------------------------------------------------------
// Images and models.

export interface ImagesBody {
  created: number;
  data: { b64_json: string; revised_prompt: string }[];
}

/**
 * An image answer: the picture at the requested size (picture-png.ts), or
 * TINY_PNG when no size is given ("auto"); `b64Json` replaces both (a fault).
 */
export function imagesBody(request: { prompt: string; n: number; size?: string | undefined }, b64Json?: string): ImagesBody {
  const size = parseImageSize(request.size);
  const image = b64Json ?? (size ? picturePng(size, request.prompt).toString("base64") : TINY_PNG_BASE64);
  const { prompt, n: count } = request;
  return {
    created: nowSeconds(),
    // gpt-image-1 always answers with b64_json, whatever response_format says.
    data: Array.from({ length: count }, () => ({ b64_json: image, revised_prompt: prompt })),
  };
}

export interface ModelEntry {
  id: string;
  owned_by: string;
}

export function modelsBody(models: readonly ModelEntry[], created: number): object {
  return { object: "list", data: models.map(({ id, owned_by }) => ({ id, object: "model", created, owned_by })) };
}

// ---------------------------------------------------------------------------
// Listening on loopback.

/** Listens on 127.0.0.1 with a free port chosen by the OS. */
export function listenOnLoopback(server: Server, label: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error(`${label}: no TCP address`));
      else resolve(address);
    });
  });
}

/** Stops listening and drops open connections (keep-alive, streams); safe to call twice. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error === undefined || isNotRunning(error) ? resolve() : reject(error)));
    // close() alone would wait for keep-alive sockets and open streams.
    server.closeAllConnections();
  });
}

function isNotRunning(error: Error): boolean {
  return "code" in error && error.code === "ERR_SERVER_NOT_RUNNING";
}
