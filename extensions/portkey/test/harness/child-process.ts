/**
 * Child processes of the suites: a command run to completion with its output
 * kept and a bound on its time, and a long-running process stopped by its PID.
 */
import { spawn, type ChildProcess } from "node:child_process";

const READY_POLL_MS = 100;

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertions on what a user sees. */
  output: string;
}

/** Runs a command to its end (SIGKILL after `timeoutMs`); never rejects for a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

/** Like runCommand, but a non-zero exit is an error that carries the output. */
export async function runCommandOrThrow(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args[0] ?? ""} failed (exit ${result.code}):\n${result.output}`);
  return result;
}

/** SIGTERM to the process's PID, SIGKILL after `graceMs`; resolves once it has exited. */
export function stopByPid(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const killer = setTimeout(() => process.kill(pid, "SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    process.kill(pid, "SIGTERM");
  });
}

/**
 * Polls `url` until it answers 2xx; fails with the process's output when the
 * process exits first or `timeoutMs` passes.
 */
export async function waitUntilAnswering(params: {
  url: string;
  child: ChildProcess;
  name: string;
  output: () => string;
  timeoutMs: number;
}): Promise<void> {
  const deadline = Date.now() + params.timeoutMs;
  while (Date.now() < deadline) {
    if (params.child.exitCode !== null) throw new Error(`${params.name} exited (${params.child.exitCode}):\n${params.output()}`);
    const ready = await fetch(params.url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`${params.name} did not answer within ${params.timeoutMs} ms:\n${params.output()}`);
}
