/**
 * The README's demo, run as a user runs it: one command, the real OpenClaw
 * CLI, the plugin, the real Portkey gateway and two vendor stand-ins behind a
 * fallback Config whose first target is down. It must print the reply from
 * the second vendor, the image path, an embedding and a transcript, the
 * gateway's routing headers and the total time, and leave no process behind.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pngSize } from "../harness/picture-png.ts";

const DEMO = join(import.meta.dirname, "..", "demo", "run-demo.ts");

function runDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // No Portkey key in the environment: the demo runs everything locally.
    const { PORTKEY_API_KEY: _key, PORTKEY_GATEWAY_URL: _url, ...env } = process.env;
    const child = spawn(process.execPath, [DEMO], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe("the demo", () => {
  it("falls back, chats, draws, embeds and transcribes through OpenClaw, the plugin and the real gateway, prints the routing, and cleans up", async () => {
    const { code, output } = await runDemo();
    expect(code, output).toBe(0);
    expect(output).toMatch(/\[1\] Starting two model vendor stand-ins/);
    expect(output).toContain("Reply:   vendor-b says: pong from gpt-4o-mini");
    expect(output).toMatch(
      /Routing \(chat\):\s+HTTP 200\s+provider=openai\s+last-used-target=config\.targets\[1\]\s+retries=0\s+trace-id=openclaw-(call|request)-/,
    );
    expect(output).toMatch(/Routing \(image\):\s+HTTP 200\s+provider=openai\s+last-used-target=config\.targets\[1\]/);
    expect(output).toContain("Embedding: 64 dimensions");
    expect(output).toMatch(/Transcript: heard 16044 bytes of voice-note\.wav, sha256 [0-9a-f]{16}/);
    expect(output).toMatch(/Total:\s+\d+\.\d s/);

    const imagePath = /Image:\s+(\S+)/.exec(output)?.[1] ?? "";
    expect(output).toMatch(/Image:\s+\S+ \(1024×1024 PNG\)/);
    expect(pngSize(await readFile(imagePath))).toEqual({ width: 1024, height: 1024 });

    const gatewayPid = Number(/\(pid (\d+)\)/.exec(output)?.[1]);
    expect(gatewayPid).toBeGreaterThan(0);
    expect(processIsGone(gatewayPid)).toBe(true);
  });
});
