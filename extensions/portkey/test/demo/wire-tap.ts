/**
 * A pass-through recorder on 127.0.0.1 between OpenClaw and the gateway: it
 * forwards every request unchanged, streams every answer back unchanged, and
 * keeps the gateway's `x-portkey-*` response headers so the demo can show how
 * each request was routed.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { closeServer, listenOnLoopback } from "../harness/openai-wire.ts";

export interface TappedExchange {
  method: string;
  path: string;
  status: number;
  /** The gateway's `x-portkey-*` response headers, lower-cased. */
  portkeyHeaders: Record<string, string>;
}

export interface WireTap {
  /** Point OpenClaw here instead of at the gateway. */
  baseUrl: string;
  exchanges: TappedExchange[];
  close(): Promise<void>;
}

function portkeyHeadersOf(headers: IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith("x-portkey-") && value !== undefined) picked[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return picked;
}

export async function startWireTap(targetBaseUrl: string): Promise<WireTap> {
  const target = new URL(targetBaseUrl);
  const targetPath = target.pathname.replace(/\/+$/, "");
  const forward = target.protocol === "https:" ? httpsRequest : httpRequest;
  const exchanges: TappedExchange[] = [];
  const server = createServer((req, res) => {
    const upstream = forward(
      {
        hostname: target.hostname,
        port: target.port || undefined,
        method: req.method,
        // The tap serves the same path layout as the gateway (`/v1/...`).
        path: req.url ?? "/",
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        exchanges.push({
          method: req.method ?? "GET",
          path: (req.url ?? "/").split("?")[0] ?? "/",
          status: answer.statusCode ?? 0,
          portkeyHeaders: portkeyHeadersOf(answer.headers),
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      // Mid-answer there is nothing left to say: cut the connection as the gateway's failure would.
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "failure", message: `wire tap: ${error.message}` }));
    });
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  const { port } = await listenOnLoopback(server, "wire tap");
  return {
    baseUrl: `http://127.0.0.1:${port}${targetPath}`,
    exchanges,
    close: () => closeServer(server),
  };
}
