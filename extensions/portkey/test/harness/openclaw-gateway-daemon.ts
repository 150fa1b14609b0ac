/**
 * The OpenClaw gateway daemon of a sandbox, in the foreground on 127.0.0.1,
 * with its OpenAI-compatible chat endpoint switched on. Started with the
 * sandbox's environment, ready when `/readyz` answers, stopped by its PID.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { stopByPid, waitUntilAnswering } from "./child-process.ts";
import { closedLoopbackPort } from "./closed-port.ts";
import { OPENCLAW_ENTRY, type OpenClawSandbox } from "./openclaw-cli.ts";

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const TURN_TIMEOUT_MS = 120_000;

export interface OpenClawGatewayDaemon {
  pid: number;
  url: string;
  /** One chat turn through the daemon's `/v1/chat/completions`, in the given session; the agent's own model unless one is given. */
  chat(params: { session: string; model?: string; message: string }): Promise<{ status: number; text: string }>;
  /** The daemon's output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const configSchema = z.object({ gateway: z.object({ auth: z.object({ token: z.string().min(1) }).loose() }).loose() }).loose();
const completionSchema = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }).loose() }).loose()) }).loose();

export async function startOpenClawGatewayDaemon(sandbox: OpenClawSandbox): Promise<OpenClawGatewayDaemon> {
  const port = await closedLoopbackPort();
  for (const args of [
    ["config", "set", "gateway.port", String(port)],
    ["config", "set", "gateway.http.endpoints.chatCompletions.enabled", "true"],
  ]) {
    const result = await sandbox.run(args);
    if (result.code !== 0) throw new Error(`openclaw ${args.join(" ")} failed:\n${result.output}`);
  }
  const { gateway } = configSchema.parse(JSON.parse(await readFile(sandbox.configPath, "utf8")));
  const token = gateway.auth.token;

  const child = spawn(process.execPath, [OPENCLAW_ENTRY, "gateway", "run", "--bind", "loopback", "--port", String(port)], {
    cwd: sandbox.root,
    env: sandbox.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering({ url: `${url}/readyz`, child, name: "openclaw gateway", output: () => log, timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    await stopByPid(child, STOP_GRACE_MS);
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error("openclaw gateway has no PID");

  return {
    pid,
    url,
    output: () => log,
    async chat({ session, model, message }) {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "x-openclaw-session-key": session,
          ...(model ? { "x-openclaw-model": model } : {}),
        },
        body: JSON.stringify({ model: "openclaw/main", messages: [{ role: "user", content: message }] }),
        signal: AbortSignal.timeout(TURN_TIMEOUT_MS),
      });
      const body = await response.text();
      if (!response.ok) return { status: response.status, text: body };
      return { status: response.status, text: completionSchema.parse(JSON.parse(body)).choices[0]?.message.content ?? "" };
    },
    stop: () => stopByPid(child, STOP_GRACE_MS),
  };
}
