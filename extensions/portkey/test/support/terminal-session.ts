/**
 * Drives an interactive command through a real pseudo-terminal (util-linux
 * `script`), the way a person at a keyboard would: wait for a prompt, type.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";

const QUIET_MS = 300;
const MAX_SETTLE_MS = 5_000;

export const KEYS = { enter: "\r", down: "\u001b[B", backspace: "\u007f" } as const;

// Clack redraws prompts with cursor movements and colours; assertions read plain text.
const ANSI_PATTERN = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]/g;

export interface TerminalSession {
  /** Everything the program printed so far, without terminal control sequences. */
  screen(): string;
  /** Resolves once the text appears after `from` (a screen offset), or rejects after the timeout. */
  waitFor(text: string | RegExp, options?: { timeoutMs?: number; from?: number }): Promise<number>;
  /** Types once the program has been quiet for a moment: keys sent while a prompt is still drawing are lost. */
  type(keys: string): Promise<void>;
  /** Resolves with the exit code; kills the program if it has not exited within the timeout. */
  exited(timeoutMs: number): Promise<number | null>;
}

function quoteForShell(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

export function startTerminalSession(params: { command: readonly string[]; env: Record<string, string>; cwd: string }): TerminalSession {
  const inner = `stty cols 160 rows 60; exec ${params.command.map(quoteForShell).join(" ")}`;
  const child: ChildProcessWithoutNullStreams = spawn("script", ["-qfec", inner, "/dev/null"], { cwd: params.cwd, env: params.env });
  let raw = "";
  let lastOutputAt = Date.now();
  let exitCode: number | null | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const append = (chunk: string) => {
    raw += chunk;
    lastOutputAt = Date.now();
    notify();
  };
  child.stdout.setEncoding("utf8").on("data", append);
  child.stderr.setEncoding("utf8").on("data", append);
  child.on("close", (code) => ((exitCode = code), notify()));

  const screen = () => raw.replace(ANSI_PATTERN, "");

  const waitUntil = <T>(check: () => T | undefined, timeoutMs: number, describe: () => string) =>
    new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const result = check();
        if (result === undefined) return false;
        listeners.delete(attempt);
        clearTimeout(timer);
        resolve(result);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(attempt);
        // A program stuck at a prompt is ended, so a failed test leaves nothing running.
        child.kill("SIGKILL");
        reject(new Error(`${describe()}\n--- screen ---\n${screen().slice(-3000)}`));
      }, timeoutMs);
      if (!attempt()) listeners.add(attempt);
    });

  return {
    screen,
    waitFor: (text, { timeoutMs = 60_000, from = 0 } = {}) =>
      waitUntil(
        () => {
          const rest = screen().slice(from);
          const index = typeof text === "string" ? rest.indexOf(text) : rest.search(text);
          return index === -1 ? undefined : from + index + 1;
        },
        timeoutMs,
        () => `Timed out after ${timeoutMs} ms waiting for ${String(text)}`,
      ),
    type: async (keys) => {
      for (let waited = 0; Date.now() - lastOutputAt < QUIET_MS && waited < MAX_SETTLE_MS; waited += QUIET_MS / 5) {
        await delay(QUIET_MS / 5);
      }
      child.stdin.write(keys);
    },
    exited: async (timeoutMs) => {
      try {
        return await waitUntil(
          () => (exitCode === undefined ? undefined : exitCode),
          timeoutMs,
          () => "The program did not exit",
        );
      } catch (error) {
        child.kill("SIGKILL");
        throw error;
      }
    },
  };
}
