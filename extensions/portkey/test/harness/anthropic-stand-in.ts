/**
 * A stand-in for Anthropic's Messages API (`POST /v1/messages`) on 127.0.0.1,
 * for the real self-hosted gateway to translate to and from: it checks what
 * Anthropic checks (the `x-api-key`, `anthropic-version`, a thinking budget of
 * at least 1024 tokens below `max_tokens`, no temperature but 1 while
 * thinking), streams the event sequence Anthropic documents (`message_start`,
 * content blocks for thinking, text or `tool_use`, `message_delta`,
 * `message_stop`), and keeps a prompt cache the way Anthropic does: each
 * `cache_control` marker ends a cacheable prefix (tools, system, messages),
 * the longest prefix seen before is read and the rest written, reported in
 * `cache_read_input_tokens` / `cache_creation_input_tokens`.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { closeServer, estimateTokens, listenOnLoopback, readBody, splitText } from "./openai-wire.ts";

export interface AnthropicRequest {
  headers: Record<string, string>;
  body: MessagesRequest;
}

export interface AnthropicStandIn {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  apiKey: string;
  /** Every well-formed request, refused ones included, in arrival order. */
  requests: AnthropicRequest[];
  close(): Promise<void>;
}

const blockSchema = z.looseObject({ type: z.string() });
const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(z.looseObject({ role: z.enum(["user", "assistant"]), content: z.union([z.string(), z.array(blockSchema)]) })).min(1),
  system: z.union([z.string(), z.array(blockSchema)]).optional(),
  tools: z.array(z.looseObject({ name: z.string() })).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().optional(),
  thinking: z.object({ type: z.literal("enabled"), budget_tokens: z.number().int() }).optional(),
});
type MessagesRequest = z.infer<typeof messagesRequestSchema>;

const THINKING_TEXT = "Weighing what the user asked before answering.";

function hasCacheMarker(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('"cache_control"');
}

function textOf(content: MessagesRequest["messages"][number]["content"]): string {
  if (typeof content === "string") return content;
  return content
    .map((block) =>
      typeof block.text === "string" ? block.text : typeof block.content === "string" ? block.content : JSON.stringify(block.content ?? ""),
    )
    .join("\n");
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ type: "error", error: { type, message } }));
}

/** Anthropic's own refusals of a request the plugin could get wrong. */
function invalidReason(request: MessagesRequest): string | undefined {
  if (!request.thinking) return undefined;
  if (request.thinking.budget_tokens < 1024) return "thinking.budget_tokens: must be at least 1024";
  if (request.thinking.budget_tokens >= request.max_tokens) return "max_tokens must be greater than thinking.budget_tokens";
  if (request.temperature !== undefined && request.temperature !== 1) return "temperature may only be set to 1 when thinking is enabled";
  return undefined;
}

type Answer = { kind: "text"; text: string } | { kind: "tool_use"; id: string; name: string; input: string };

/** Asked to "read the file <path>" with a `read` tool on offer, it calls the tool; given the result, it quotes it. */
function answerFor(request: MessagesRequest): Answer {
  // The user's turn: every message after the last assistant one (OpenClaw adds a context message to it).
  const turn = request.messages.slice(request.messages.findLastIndex((message) => message.role === "assistant") + 1);
  const toolResult = turn
    .flatMap((message) => (Array.isArray(message.content) ? message.content : []))
    .find((block) => block.type === "tool_result");
  if (toolResult) return { kind: "text", text: `claude says: the file reads "${textOf([toolResult]).trim()}"` };
  const path = /read the file (\S+?)[.?!]?$/im.exec(turn.map((message) => textOf(message.content)).join("\n"))?.[1];
  if (path && request.tools?.some((tool) => tool.name === "read")) {
    return {
      kind: "tool_use",
      id: `toolu_${randomUUID().replaceAll("-", "").slice(0, 24)}`,
      name: "read",
      input: JSON.stringify({ path }),
    };
  }
  return { kind: "text", text: `claude says: pong from ${request.model}` };
}

/** Cache reads and writes for the request's markers; `cache` holds the prefixes seen. */
function cacheUsage(request: MessagesRequest, cache: Set<string>): { input: number; read: number; written: number } {
  const tools = request.tools ?? [];
  const system = request.system ?? [];
  const prefixes: string[] = [];
  if (hasCacheMarker(tools)) prefixes.push(JSON.stringify([tools]));
  if (hasCacheMarker(system)) prefixes.push(JSON.stringify([tools, system]));
  request.messages.forEach((message, index) => {
    if (hasCacheMarker(message)) prefixes.push(JSON.stringify([tools, system, request.messages.slice(0, index + 1)]));
  });
  const total = estimateTokens(JSON.stringify([tools, system, request.messages]));
  const longest = prefixes.at(-1);
  if (longest === undefined) return { input: total, read: 0, written: 0 };
  const read = Math.max(0, ...prefixes.filter((prefix) => cache.has(prefix)).map(estimateTokens));
  const written = estimateTokens(longest) - read;
  for (const prefix of prefixes) cache.add(prefix);
  return { input: Math.max(1, total - read - written), read, written };
}

function writeStream(res: ServerResponse, request: MessagesRequest, answer: Answer, usage: ReturnType<typeof cacheUsage>): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const event = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event("message_start", {
    message: {
      id: `msg_${randomUUID().replaceAll("-", "").slice(0, 24)}`,
      type: "message",
      role: "assistant",
      model: request.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: usage.input,
        cache_creation_input_tokens: usage.written,
        cache_read_input_tokens: usage.read,
        output_tokens: 1,
      },
    },
  });
  let index = 0;
  if (request.thinking) {
    event("content_block_start", { index, content_block: { type: "thinking", thinking: "" } });
    for (const piece of splitText(THINKING_TEXT, 3))
      event("content_block_delta", { index, delta: { type: "thinking_delta", thinking: piece } });
    event("content_block_delta", { index, delta: { type: "signature_delta", signature: "c2lnbmF0dXJl" } });
    event("content_block_stop", { index });
    index += 1;
  }
  if (answer.kind === "tool_use") {
    event("content_block_start", { index, content_block: { type: "tool_use", id: answer.id, name: answer.name, input: {} } });
    for (const piece of splitText(answer.input, 3))
      event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: piece } });
  } else {
    event("content_block_start", { index, content_block: { type: "text", text: "" } });
    for (const piece of splitText(answer.text, 3)) event("content_block_delta", { index, delta: { type: "text_delta", text: piece } });
  }
  event("content_block_stop", { index });
  const output =
    estimateTokens(answer.kind === "text" ? answer.text : answer.input) + (request.thinking ? estimateTokens(THINKING_TEXT) : 0);
  event("message_delta", {
    delta: { stop_reason: answer.kind === "tool_use" ? "tool_use" : "end_turn", stop_sequence: null },
    usage: { output_tokens: output },
  });
  event("message_stop", {});
  res.end();
}

export async function startAnthropicStandIn(options: { apiKey: string }): Promise<AnthropicStandIn> {
  const requests: AnthropicRequest[] = [];
  const cache = new Set<string>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body } = await readBody(req);
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://127.0.0.1").pathname !== "/v1/messages") {
      return sendError(res, 404, "not_found_error", "Not found");
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
    const parsed = messagesRequestSchema.safeParse(JSON.parse(body.toString("utf8") || "null"));
    if (!parsed.success) return sendError(res, 400, "invalid_request_error", parsed.error.issues[0]?.message ?? "invalid request");
    // Recorded before the checks, so a test sees refused requests (and the key they carried) too.
    requests.push({ headers, body: parsed.data });
    if (headers["x-api-key"] !== options.apiKey) return sendError(res, 401, "authentication_error", "invalid x-api-key");
    if (!headers["anthropic-version"]) return sendError(res, 400, "invalid_request_error", "anthropic-version: header is required");
    const invalid = invalidReason(parsed.data);
    if (invalid) return sendError(res, 400, "invalid_request_error", invalid);
    const answer = answerFor(parsed.data);
    const usage = cacheUsage(parsed.data, cache);
    if (parsed.data.stream) return writeStream(res, parsed.data, answer, usage);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: `msg_${randomUUID().replaceAll("-", "").slice(0, 24)}`,
        type: "message",
        role: "assistant",
        model: parsed.data.model,
        content:
          answer.kind === "text"
            ? [{ type: "text", text: answer.text }]
            : [{ type: "tool_use", id: answer.id, name: answer.name, input: JSON.parse(answer.input) }],
        stop_reason: answer.kind === "tool_use" ? "tool_use" : "end_turn",
        usage: {
          input_tokens: usage.input,
          cache_creation_input_tokens: usage.written,
          cache_read_input_tokens: usage.read,
          output_tokens: 8,
        },
      }),
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, 500, "api_error", String(error)));
  });
  const { port } = await listenOnLoopback(server, "anthropic stand-in");
  return { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: options.apiKey, requests, close: () => closeServer(server) };
}
