/**
 * A forward proxy on 127.0.0.1 that counts what passes through it, for
 * proving that `models.providers.portkey.request.proxy` reaches every call.
 * OpenClaw's proxy agent tunnels every request with CONNECT, plain HTTP too;
 * absolute-form requests are forwarded as well.
 */
import { createServer, request as forward } from "node:http";
import { connect, type AddressInfo } from "node:net";

export interface RecordingProxy {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** `CONNECT host:port` tunnels and `METHOD path` forwards, in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end("absolute-form request target expected");
      return;
    }
    requests.push(`${req.method ?? "GET"} ${target.pathname}`);
    const upstream = forward(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", (error) => res.writeHead(502).end(error.message));
    req.pipe(upstream);
  });
  server.on("connect", (req, client, head) => {
    requests.push(`CONNECT ${req.url ?? ""}`);
    const [host = "", port = ""] = (req.url ?? "").split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
