/**
 * The demo: OpenClaw → Portkey plugin → Portkey gateway → model vendor, end
 * to end, with nothing installed by hand. By default it runs everything on
 * this machine — the real open-source Portkey gateway (loopback only) and two
 * stand-ins for model vendors behind it, routed by a fallback Config whose
 * first target is down, so the second one serves. It chats, draws, embeds and
 * transcribes. With PORTKEY_API_KEY set and no PORTKEY_GATEWAY_URL, the same
 * steps go to Portkey cloud instead.
 *
 * Run it with `pnpm demo` (Node 24, from the workspace).
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  PORTKEY_API_KEY_ENV,
  PORTKEY_AUTH_CHOICE_ID,
  PORTKEY_CLOUD_BASE_URL,
  PORTKEY_GATEWAY_URL_ENV,
  PORTKEY_SELF_HOSTED_CHOICE_ID,
} from "../../src/gateway/config/defaults.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../harness/portkey-gateway.ts";
import { createOpenClawSandbox, installPlugin, onboardArgs, type CliResult, type OpenClawSandbox } from "../harness/openclaw-cli.ts";
import { pngSize } from "../harness/picture-png.ts";
import { toneWav } from "../harness/tone-wav.ts";
import { startVendorStandIn, type VendorStandIn } from "../harness/vendor-stand-in.ts";
import { startWireTap, type TappedExchange, type WireTap } from "./wire-tap.ts";

const LOCAL_PORTKEY_KEY = "pk-local-demo";
const VENDOR_KEY = "sk-vendor-demo";
const BACKUP_VENDOR_KEY = "sk-vendor-backup-demo";
const OUTPUT_DIR = resolve(import.meta.dirname, "..", "..", "..", "..", ".demo-output");
const PROGRESS_EVERY_MS = 3_000;

class StepFailure extends Error {
  override name = "StepFailure";
}

let stepNumber = 0;

/** Runs one step, shows progress while it runs, and names the step if it fails. */
async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  stepNumber += 1;
  const started = Date.now();
  process.stdout.write(`[${stepNumber}] ${label} …`);
  const ticker = setInterval(() => process.stdout.write("."), PROGRESS_EVERY_MS);
  try {
    const result = await work();
    process.stdout.write(` done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return result;
  } catch (error) {
    process.stdout.write(" FAILED\n");
    const reason = error instanceof Error ? error.message : String(error);
    throw new StepFailure(`Step ${stepNumber} "${label}" failed: ${reason}`);
  } finally {
    clearInterval(ticker);
  }
}

/** A CLI run that must succeed; on failure the error carries the end of its output. */
function expectSuccess(result: CliResult, what: string): CliResult {
  if (result.code === 0) return result;
  const tail = result.output.trim().split("\n").slice(-15).join("\n");
  throw new Error(`${what} exited with code ${result.code}:\n${tail}`);
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} did not print JSON:\n${text.slice(0, 500)}`);
  }
}

interface DemoTarget {
  mode: "local" | "cloud";
  onboarding: string[];
  /** Variables for the onboarding run; the cloud key travels here, never on a command line. */
  onboardingEnv: Record<string, string>;
  authChoice: string;
  chatModel: string;
  imageModel: string;
  embeddingModel: string;
  transcriptionModel: string;
  tap: WireTap;
}

/** Starts the two vendor stand-ins (the first one down), the gateway and the tap in front of it. */
async function startLocalTarget(cleanups: (() => Promise<unknown>)[]): Promise<DemoTarget> {
  const [vendor, backup]: VendorStandIn[] = await step("Starting two model vendor stand-ins on 127.0.0.1 (vendor-a answers 503)", () =>
    Promise.all([
      startVendorStandIn({ name: "vendor-a", apiKey: VENDOR_KEY }),
      startVendorStandIn({ name: "vendor-b", apiKey: BACKUP_VENDOR_KEY }),
    ]),
  );
  if (!vendor || !backup) throw new StepFailure("the vendor stand-ins did not start");
  cleanups.push(
    () => vendor.close(),
    () => backup.close(),
  );
  vendor.setFault({ kind: "status", status: 503 });
  const gateway: PortkeyGateway = await step("Starting the self-hosted Portkey gateway on 127.0.0.1 (loopback only)", () =>
    startPortkeyGateway(),
  );
  cleanups.push(() => gateway.stop());
  console.log(`    gateway ${gateway.baseUrl} (pid ${gateway.pid}); vendor-a ${vendor.baseUrl}; vendor-b ${backup.baseUrl}`);
  const fallback = { strategy: { mode: "fallback" }, targets: [vendor.configTarget(), backup.configTarget()] };
  const tap = await startWireTap(gateway.baseUrl);
  cleanups.push(() => tap.close());
  return {
    mode: "local",
    authChoice: PORTKEY_SELF_HOSTED_CHOICE_ID,
    onboardingEnv: {},
    onboarding: ["--portkey-api-key", LOCAL_PORTKEY_KEY, "--custom-base-url", tap.baseUrl, "--portkey-config", JSON.stringify(fallback)],
    chatModel: "portkey/gpt-4o-mini",
    imageModel: "portkey/gpt-image-1",
    embeddingModel: "portkey/text-embedding-3-small",
    transcriptionModel: "portkey/whisper-1",
    tap,
  };
}

async function startCloudTarget(apiKey: string, cleanups: (() => Promise<unknown>)[]): Promise<DemoTarget> {
  const tap = await startWireTap(PORTKEY_CLOUD_BASE_URL);
  cleanups.push(() => tap.close());
  return {
    mode: "cloud",
    authChoice: PORTKEY_AUTH_CHOICE_ID,
    onboardingEnv: { [PORTKEY_API_KEY_ENV]: apiKey },
    onboarding: ["--custom-base-url", tap.baseUrl],
    chatModel: process.env.PORTKEY_DEMO_MODEL ?? "portkey/@openai/gpt-4o-mini",
    imageModel: process.env.PORTKEY_DEMO_IMAGE_MODEL ?? "portkey/@openai/gpt-image-1",
    embeddingModel: process.env.PORTKEY_DEMO_EMBEDDING_MODEL ?? "portkey/@openai/text-embedding-3-small",
    transcriptionModel: process.env.PORTKEY_DEMO_TRANSCRIPTION_MODEL ?? "portkey/@openai/whisper-1",
    tap,
  };
}

function describeRouting(exchange: TappedExchange | undefined): string {
  if (!exchange) return "no request seen";
  const h = exchange.portkeyHeaders;
  return [
    `HTTP ${exchange.status}`,
    `provider=${h["x-portkey-provider"] ?? "-"}`,
    `last-used-target=${h["x-portkey-last-used-option-index"] ?? "-"}`,
    `retries=${h["x-portkey-retry-attempt-count"] ?? "-"}`,
    `trace-id=${h["x-portkey-trace-id"] ?? "-"}`,
  ].join("  ");
}

async function runDemo(): Promise<void> {
  const demoStarted = Date.now();
  const cleanups: (() => Promise<unknown>)[] = [];
  const cloudKey = process.env[PORTKEY_API_KEY_ENV]?.trim();
  const useCloud = Boolean(cloudKey) && !process.env[PORTKEY_GATEWAY_URL_ENV]?.trim();
  try {
    const target = useCloud && cloudKey ? await startCloudTarget(cloudKey, cleanups) : await startLocalTarget(cleanups);
    const sandbox: OpenClawSandbox = await createOpenClawSandbox();
    cleanups.push(() => sandbox.remove());

    await step("Installing the Portkey plugin into OpenClaw (plugins install --link)", async () =>
      expectSuccess(await installPlugin(sandbox), "openclaw plugins install"),
    );
    await step(`Onboarding non-interactively (--auth-choice ${target.authChoice} --portkey-api-key …)`, async () =>
      expectSuccess(
        await sandbox.run(onboardArgs(sandbox, target.onboarding, target.authChoice), { env: target.onboardingEnv }),
        "openclaw onboard",
      ),
    );
    const chat = await step(`One chat turn: openclaw infer model run --model ${target.chatModel}`, async () => {
      const run = expectSuccess(
        await sandbox.run(["infer", "model", "run", "--local", "--model", target.chatModel, "--prompt", "Say hello to Portkey.", "--json"]),
        "openclaw infer model run",
      );
      return parseJson<{ outputs: { text: string }[] }>(run.stdout, "openclaw infer model run");
    });
    const chatExchange = target.tap.exchanges.findLast((exchange) => exchange.path.endsWith("/chat/completions"));

    const imagePath = await step(`One image: openclaw infer image generate --model ${target.imageModel}`, async () => {
      const output = join(sandbox.root, "portkey-demo.png");
      const run = expectSuccess(
        await sandbox.run([
          "infer",
          "image",
          "generate",
          "--model",
          target.imageModel,
          "--prompt",
          "a lighthouse at dusk",
          "--output",
          output,
          "--json",
        ]),
        "openclaw infer image generate",
      );
      const written = parseJson<{ outputs: { path: string }[] }>(run.stdout, "openclaw infer image generate").outputs[0]?.path ?? output;
      await mkdir(OUTPUT_DIR, { recursive: true });
      const kept = join(OUTPUT_DIR, "portkey-demo.png");
      await copyFile(written, kept);
      return kept;
    });
    const imageExchange = target.tap.exchanges.findLast((exchange) => exchange.path.endsWith("/images/generations"));

    const embedding = await step(`One embedding: openclaw infer embedding create --model ${target.embeddingModel}`, async () => {
      const run = expectSuccess(
        await sandbox.run([
          "infer",
          "embedding",
          "create",
          "--provider",
          "portkey",
          "--model",
          target.embeddingModel,
          "--text",
          "a lighthouse at dusk",
          "--json",
        ]),
        "openclaw infer embedding create",
      );
      return parseJson<{ outputs: { dimensions: number }[] }>(run.stdout, "openclaw infer embedding create").outputs[0]?.dimensions ?? 0;
    });
    const transcript = await step(`One transcription: openclaw infer audio transcribe --model ${target.transcriptionModel}`, async () => {
      const file = join(sandbox.root, "voice-note.wav");
      await writeFile(file, toneWav());
      const run = expectSuccess(
        await sandbox.run(["infer", "audio", "transcribe", "--file", file, "--model", target.transcriptionModel, "--json"]),
        "openclaw infer audio transcribe",
      );
      return parseJson<{ outputs: { text: string }[] }>(run.stdout, "openclaw infer audio transcribe").outputs[0]?.text ?? "";
    });

    console.log("");
    console.log(
      `Mode:    ${target.mode === "local" ? "self-hosted Portkey gateway + two vendor stand-ins behind a fallback Config, all on 127.0.0.1" : "Portkey cloud"}`,
    );
    console.log(`Reply:   ${chat.outputs.map((output) => output.text).join("\n         ")}`);
    const imageSize = pngSize(await readFile(imagePath));
    console.log(`Image:   ${imagePath}${imageSize ? ` (${imageSize.width}×${imageSize.height} PNG)` : ""}`);
    console.log(`Embedding: ${embedding} dimensions`);
    console.log(`Transcript: ${transcript}`);
    console.log(`Routing (chat):  ${describeRouting(chatExchange)}`);
    console.log(`Routing (image): ${describeRouting(imageExchange)}`);
    if (target.mode === "local")
      console.log("         (config.targets[1]: the fallback Config's first target answered 503, the second one served)");
    console.log(`Total:   ${((Date.now() - demoStarted) / 1000).toFixed(1)} s`);
  } finally {
    for (const cleanup of cleanups.toReversed()) await cleanup().catch(() => undefined);
  }
}

try {
  await runDemo();
  console.log("\nDemo finished; every process it started has been stopped.");
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
