/**
 * Key rotation in a running OpenClaw gateway daemon, OpenClaw's own flow:
 * onboarding a new Portkey key at a new gateway URL stages it, `openclaw
 * models auth activate <profile>` checks and activates it, and the daemon's
 * next turn uses the new key at the new URL without a restart. Every chat
 * request at the new URL carries the new key, and the new key never reaches
 * the old URL; afterwards no path (a model override, the catalog, infer, an
 * image, usage, the doctor) sends the old key to the new URL, because each key
 * is bound to the gateway it was onboarded for.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { createInstalledSandbox, onboardArgs, PORTKEY_TEST_KEY, type OpenClawSandbox, imageGenerateArgs } from "../harness/openclaw-cli.ts";
import { startOpenClawGatewayDaemon, type OpenClawGatewayDaemon } from "../harness/openclaw-gateway-daemon.ts";

const OLD_KEY = PORTKEY_TEST_KEY;
const NEW_KEY = "pk-e2e-rotated-8d31c0a5";

let oldGateway: FakePortkeyCloud;
let newGateway: FakePortkeyCloud;
let sandbox: OpenClawSandbox;
let daemon: OpenClawGatewayDaemon | undefined;

beforeAll(async () => {
  [oldGateway, newGateway, sandbox] = await Promise.all([
    startFakePortkeyCloud({ apiKey: OLD_KEY }),
    startFakePortkeyCloud({ apiKey: NEW_KEY }),
    createInstalledSandbox(),
  ]);
});

afterAll(async () => {
  await daemon?.stop();
  await Promise.all([oldGateway?.close(), newGateway?.close()]);
  await sandbox?.remove();
});

/** Every Portkey key a gateway stand-in received on the given path (all paths when omitted), in either header. */
function keysReceived(gateway: FakePortkeyCloud, path?: string): Set<string> {
  const keys = new Set<string>();
  for (const request of gateway.requests.filter((entry) => path === undefined || entry.path === path)) {
    const portkeyKey = request.headers["x-portkey-api-key"];
    if (portkeyKey) keys.add(portkeyKey);
    const bearer = request.headers.authorization?.replace(/^Bearer\s+/i, "");
    if (bearer) keys.add(bearer);
  }
  return keys;
}

const CHAT_PATH = "/v1/chat/completions";

function chatsTo(gateway: FakePortkeyCloud) {
  return gateway.requests.filter((request) => request.path === CHAT_PATH);
}

/**
 * Activation makes the daemon reload its model runtime; a turn that arrives
 * during the reload fails with OpenClaw's "prepared model runtime owner was
 * not committed" (any provider). That turn is retried, a few times at most.
 */
async function chatOnceReloaded(running: OpenClawGatewayDaemon, session: string, model?: string) {
  const RELOAD_RETRIES = 5;
  const RELOAD_WAIT_MS = 1_000;
  const hitReload = (logStart: number) => running.output().slice(logStart).includes("prepared model runtime owner was not committed");
  let logStart = running.output().length;
  const ask = () => running.chat({ session, message: "ping", ...(model ? { model } : {}) });
  let turn = await ask();
  for (let attempt = 0; attempt < RELOAD_RETRIES && turn.status === 500 && hitReload(logStart); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, RELOAD_WAIT_MS));
    logStart = running.output().length;
    turn = await ask();
  }
  return turn;
}

describe("rotating the Portkey key while the OpenClaw daemon runs", () => {
  it("answers through the first gateway with the first key", async () => {
    const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", OLD_KEY, "--custom-base-url", oldGateway.baseUrl]));
    expect(onboard.code, onboard.output).toBe(0);
    daemon = await startOpenClawGatewayDaemon(sandbox);

    const turn = await daemon.chat({ session: "rotation-1", message: "ping" });
    expect(turn, daemon.output()).toEqual({ status: 200, text: "pong from @openai-prod/gpt-4o" });
    expect(chatsTo(oldGateway).length).toBeGreaterThan(0);
    expect(keysReceived(oldGateway)).toEqual(new Set([OLD_KEY]));
  });

  it("activates a new key at a new URL with `models auth activate`, and the next turn uses both without a restart", async () => {
    if (!daemon) throw new Error("the daemon did not start");
    // OpenClaw stages a different key for a provider the agent already uses.
    const staged = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", NEW_KEY, "--custom-base-url", newGateway.baseUrl]));
    // Onboarding says what happens to the URL until the key is activated.
    expect(staged.output).toContain(`This key belongs to ${new URL(newGateway.baseUrl).origin}`);
    expect(staged.output).toContain(`until then requests keep going to ${new URL(oldGateway.baseUrl).origin}`);
    const activateCommand = /openclaw models auth activate (\S+)/.exec(staged.output);
    expect(activateCommand, staged.output).not.toBeNull();
    expect(staged.output).not.toContain(NEW_KEY);

    const activate = await sandbox.run(["models", "auth", "activate", activateCommand?.[1] ?? "", "--agent", "main"]);
    expect(activate.code, activate.output).toBe(0);
    expect(activate.output).not.toContain(NEW_KEY);
    // OpenClaw's check before activating went to the new gateway with the new key.
    expect(chatsTo(newGateway).length).toBeGreaterThan(0);

    const before = chatsTo(newGateway).length;
    const turn = await chatOnceReloaded(daemon, "rotation-2");
    expect(turn, daemon.output()).toEqual({ status: 200, text: "pong from @openai-prod/gpt-4o" });
    expect(chatsTo(newGateway).length).toBeGreaterThan(before);

    // Every chat request at the new URL — OpenClaw's check and the daemon's turn — carried the new key only.
    expect(keysReceived(newGateway, CHAT_PATH)).toEqual(new Set([NEW_KEY]));
    // The new key never went to the old URL.
    expect(keysReceived(oldGateway)).toEqual(new Set([OLD_KEY]));
  });

  it("never sends the old key to the new gateway afterwards: a model override, the catalog, infer, an image, usage and the doctor", async () => {
    if (!daemon) throw new Error("the daemon did not start");
    const overridden = await chatOnceReloaded(daemon, "rotation-3", "portkey/@openai-prod/gpt-4o-mini");
    expect(overridden, daemon.output()).toEqual({ status: 200, text: "pong from @openai-prod/gpt-4o-mini" });
    const runs = [
      ["models", "list", "--refresh", "--provider", "portkey", "--json"],
      ["infer", "model", "run", "--local", "--model", "portkey/@openai-prod/gpt-4o", "--prompt", "ping", "--json"],
      imageGenerateArgs(join(sandbox.root, "k.png")),
      ["status", "--usage"],
    ];
    for (const args of runs) {
      const run = await sandbox.run(args);
      expect(run.code, `${args.join(" ")}\n${run.output}`).toBe(0);
      expect(run.output, args.join(" ")).not.toContain(OLD_KEY);
      expect(run.output, args.join(" ")).not.toContain(NEW_KEY);
    }
    expect(newGateway.requests.some((request) => request.path === "/v1/models")).toBe(true);
    expect(newGateway.requests.some((request) => request.path === "/v1/images/generations")).toBe(true);
    const doctor = await sandbox.run(["portkey", "doctor"]);
    expect(doctor.output).toContain(`ok   key: a Portkey key for ${new URL(newGateway.baseUrl).origin} is configured`);
    expect(doctor.output).toContain(`portkey:default (${new URL(oldGateway.baseUrl).origin})`);

    // Whatever path asked, each gateway received only the key stored for it, in every header.
    expect(keysReceived(newGateway)).toEqual(new Set([NEW_KEY]));
    expect(keysReceived(oldGateway)).toEqual(new Set([OLD_KEY]));
  });
});
