/**
 * Runs the real self-hosted Portkey gateway (npm `@portkey-ai/gateway`) as a
 * child process on 127.0.0.1 only, for tests and demos. The gateway calls
 * `serve({ fetch, port })` without a hostname, so it would listen on every
 * interface; a module hook preloaded into its process (gateway-loopback/)
 * hands that `serve()` the hostname 127.0.0.1. The workspace also pins the
 * gateway's `@hono/node-server` to 1.13.8 and patches `async-retry` so
 * `retry.use_retry_after_header` works; see pnpm-workspace.yaml and patches/.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { setTimeout as delay } from "node:timers/promises";

const require = createRequire(import.meta.url);
/** The gateway's only entry: a bundled ESM file that starts listening when run. */
const GATEWAY_ENTRY = require.resolve("@portkey-ai/gateway/build/start-server.js");

/** Preloaded into the gateway: binds its listener to loopback. */
const LOOPBACK_HOOK = new URL("./gateway-loopback/register.mjs", import.meta.url).href;
const LOOPBACK = "127.0.0.1";
const READY_TIMEOUT_MS = 15_000;
const POLL_INTERVAL_MS = 50;
const PROBE_TIMEOUT_MS = 1_000;
const KILL_GRACE_MS = 3_000;
const MAX_LOG_CHARS = 200_000;
/** A port taken between choosing and binding it gets a fresh one, this many times in all. */
const START_ATTEMPTS = 3;

export interface PortkeyGateway {
  /** http://127.0.0.1:<port>/v1 */
  baseUrl: string;
  pid: number;
  port: number;
  /** What the gateway printed so far (stdout and stderr, colour codes removed). */
  logs(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

export interface PortkeyGatewayOptions {
  /** Extra environment for the gateway, e.g. TRUSTED_CUSTOM_HOSTS. */
  env?: Record<string, string>;
}

/** A port the OS reports free on loopback right now. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, LOOPBACK, () => {
      const address = probe.address();
      const port = address !== null && typeof address === "object" ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("no free loopback port"))));
    });
  });
}

/**
 * Only what the gateway needs: no proxy variables (it honours HTTP(S)_PROXY),
 * no TRUSTED_CUSTOM_HOSTS that would drop its loopback default, no Redis, no
 * NODE_OPTIONS inherited from the test runner.
 */
function gatewayEnvironment(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...extra };
}

// Colour and cursor codes of its banner (it also clears the screen).
const ANSI_ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1bc/g;

interface LogBuffer {
  append(chunk: string): void;
  text(): string;
}

function createLogBuffer(): LogBuffer {
  let text = "";
  return {
    append(chunk) {
      // Keep the tail: the end of a log explains a failure best.
      text = (text + chunk.replace(ANSI_ESCAPES, "")).slice(-MAX_LOG_CHARS);
    },
    text: () => text,
  };
}

interface Launched {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
  logs: LogBuffer;
}

function launch(port: number, env: Record<string, string>): Launched {
  const child = spawn(process.execPath, ["--import", LOOPBACK_HOOK, GATEWAY_ENTRY, `--port=${port}`, "--headless"], {
    env: gatewayEnvironment(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs = createLogBuffer();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => logs.append(chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => logs.append(chunk));
  child.once("error", (error) => logs.append(`\n[launcher] ${String(error)}\n`));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.pid === undefined) throw new Error(`Portkey gateway did not start: ${logs.text()}`);
  return { child, pid: child.pid, exited, logs };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Its root route answers "AI Gateway says hey!" once the server listens. */
async function answers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${LOOPBACK}:${port}/`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return response.ok && (await response.text()).includes("AI Gateway");
  } catch {
    return false;
  }
}

type Readiness = "ready" | "exited" | "timeout";

async function waitUntilReady(launched: Launched, port: number): Promise<Readiness> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (hasExited(launched.child)) return "exited";
    if (await answers(port)) return "ready";
    await delay(POLL_INTERVAL_MS);
  }
  return "timeout";
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // ESRCH: it is already gone, which is what we wanted.
    if (!(error instanceof Error && "code" in error && error.code === "ESRCH")) throw error;
  }
}

async function terminate(launched: Launched): Promise<void> {
  if (hasExited(launched.child)) return;
  signal(launched.pid, "SIGTERM");
  const grace = new AbortController();
  const late = delay(KILL_GRACE_MS, true, { signal: grace.signal }).catch(() => false);
  const tooLate = await Promise.race([launched.exited.then(() => false), late]);
  grace.abort(); // no timer left to hold the event loop open
  if (tooLate) {
    signal(launched.pid, "SIGKILL");
    await launched.exited;
  }
}

/** Last resort when the test runner exits without stop(): no gateway outlives it. */
function killOnExit(pid: number): () => void {
  const kill = (): void => signal(pid, "SIGKILL");
  process.once("exit", kill);
  return () => process.off("exit", kill);
}

function isPortTaken(logs: string): boolean {
  return logs.includes("EADDRINUSE");
}

async function startOnce(env: Record<string, string>): Promise<PortkeyGateway | "port-taken"> {
  const port = await freeLoopbackPort();
  const launched = launch(port, env);
  const forgetExitHook = killOnExit(launched.pid);
  const readiness = await waitUntilReady(launched, port);
  if (readiness !== "ready") {
    await terminate(launched);
    forgetExitHook();
    const logs = launched.logs.text();
    if (readiness === "exited" && isPortTaken(logs)) return "port-taken";
    const why = readiness === "exited" ? "exited before answering" : `did not answer within ${READY_TIMEOUT_MS} ms`;
    throw new Error(`Portkey gateway ${why} on port ${port}. Its output:\n${logs}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    baseUrl: `http://${LOOPBACK}:${port}/v1`,
    pid: launched.pid,
    port,
    logs: () => launched.logs.text(),
    stop() {
      stopping ??= terminate(launched).finally(forgetExitHook);
      return stopping;
    },
  };
}

/** Starts the gateway on a free loopback port and resolves once it answers HTTP. */
export async function startPortkeyGateway(options: PortkeyGatewayOptions = {}): Promise<PortkeyGateway> {
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const started = await startOnce(options.env ?? {});
    if (started !== "port-taken") return started;
  }
  throw new Error(`Portkey gateway: every port chosen was taken before it could bind (${START_ATTEMPTS} tries)`);
}
