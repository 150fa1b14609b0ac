/**
 * Everything besides chat and images, through Portkey with the real OpenClaw
 * CLI: `openclaw infer embedding create`, `infer audio transcribe` and `infer
 * tts convert` against the Portkey cloud stand-in, and memory search,
 * transcription and speech through the real self-hosted gateway in front of
 * the vendor stand-in (whose vectors put texts that share words near each
 * other, and whose transcripts name the bytes they were sent).
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unreachableGatewayUrl } from "../harness/closed-port.ts";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import {
  createOnboardedSandbox,
  createOpenClawSandbox,
  PORTKEY_TEST_KEY,
  seedConfig,
  type OpenClawSandbox,
} from "../harness/openclaw-cli.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../harness/portkey-gateway.ts";
import { toneWav } from "../harness/tone-wav.ts";
import { startVendorStandIn, type VendorStandIn } from "../harness/vendor-stand-in.ts";

let cloud: FakePortkeyCloud;
let installed: OpenClawSandbox;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY });
  installed = await createOnboardedSandbox(cloud.baseUrl);
});

afterAll(async () => {
  await cloud?.close();
  await installed?.remove();
});

describe("openclaw infer embedding create", () => {
  it("returns the vectors Portkey computed, asked with the key, the model id as given and the embedding surface", async () => {
    const before = cloud.requests.length;
    const run = await installed.run([
      "infer",
      "embedding",
      "create",
      "--provider",
      "portkey",
      "--model",
      "portkey/@openai/text-embedding-3-small",
      "--text",
      "a lighthouse on the coast",
      "--json",
    ]);
    expect(run.code, run.output).toBe(0);
    const result = JSON.parse(run.stdout) as { outputs: { embedding: number[]; dimensions: number }[] };
    expect(result.outputs[0]?.dimensions).toBe(64);
    expect(result.outputs[0]?.embedding).toHaveLength(64);
    const sent = cloud.requests.slice(before).filter((request) => request.path === "/v1/embeddings");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.json).toMatchObject({ model: "@openai/text-embedding-3-small", input: ["a lighthouse on the coast"] });
    expect(sent[0]?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
    expect(JSON.parse(sent[0]?.headers["x-portkey-metadata"] ?? "{}")).toMatchObject({ openclaw_surface: "embedding" });
    expect(run.output).not.toContain(PORTKEY_TEST_KEY);
  });
});

/** What the stand-ins answer for a file: its size, name and hash. */
function transcriptOf(file: Buffer, name: string): string {
  return `heard ${file.length} bytes of ${name}, sha256 ${createHash("sha256").update(file).digest("hex").slice(0, 16)}`;
}

describe("openclaw infer audio transcribe", () => {
  it("sends the real file to Portkey as multipart and prints the text Portkey returned", async () => {
    const wav = toneWav();
    const file = join(installed.root, "memo.wav");
    await writeFile(file, wav);
    const before = cloud.requests.length;
    const run = await installed.run(["infer", "audio", "transcribe", "--file", file, "--model", "portkey/@openai/whisper-1", "--json"]);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(transcriptOf(wav, "memo.wav"));
    const sent = cloud.requests.slice(before).filter((request) => request.path === "/v1/audio/transcriptions");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.form?.fields).toMatchObject({ model: "@openai/whisper-1" });
    expect(sent[0]?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
    expect(JSON.parse(sent[0]?.headers["x-portkey-metadata"] ?? "{}")).toMatchObject({ openclaw_surface: "transcription" });
  });
});

/** Converts text to speech with provider portkey; returns the run, the written file and what reached the server. */
async function convert(sandbox: OpenClawSandbox, text: string) {
  const output = join(sandbox.root, "speech.mp3");
  const run = await sandbox.run(["infer", "tts", "convert", "--provider", "portkey", "--text", text, "--output", output, "--json"]);
  const written = run.code === 0 ? await readFile(output) : Buffer.alloc(0);
  return { run, written };
}

/** An MPEG audio frame header, which is what an MP3 file starts with (without an ID3 tag). */
const isMp3 = (bytes: Buffer) => bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0;

describe("openclaw infer tts convert", () => {
  it("writes the audio Portkey returned, in its real format, for the model and voice in tts.providers.portkey", async () => {
    const config = JSON.parse((await installed.readConfigText()) ?? "{}");
    await seedConfig(installed, { ...config, tts: { providers: { portkey: { model: "@openai/gpt-4o-mini-tts", voice: "coral" } } } });
    const { run, written } = await convert(installed, "The harbour light is green.");
    expect(run.code, run.output).toBe(0);
    expect(isMp3(written)).toBe(true);
    const sent = cloud.requests.filter((request) => request.path === "/v1/audio/speech").at(-1);
    expect(sent?.json).toEqual({
      model: "@openai/gpt-4o-mini-tts",
      voice: "coral",
      input: "The harbour light is green.",
      response_format: "mp3",
    });
    expect(sent?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
    expect(JSON.parse(sent?.headers["x-portkey-metadata"] ?? "{}")).toMatchObject({ openclaw_surface: "speech" });
  });
});

describe("openclaw portkey doctor", () => {
  it("passes every check on a healthy setup, with one line each and no key", async () => {
    const run = await installed.run(["portkey", "doctor"]);
    expect(run.code, run.output).toBe(0);
    for (const check of [
      "key",
      "config",
      "gateway",
      "models",
      "model figures",
      "saved model rows",
      "chat",
      "embeddings",
      "speech",
      "transcription",
      "budget",
    ])
      expect(run.stdout).toMatch(new RegExp(`^ok +${check}: `, "m"));
    expect(run.stdout).toMatch(/^ok +gateway: .* answered in \d+ ms$/m);
    // The stand-in's workspace lists older models that OpenClaw's catalogs no longer carry.
    expect(run.stdout).toMatch(
      /^ok +model figures: 3 of 3 chat models are unknown to OpenClaw's catalogs .*@openai-prod\/gpt-4o, .*models\.providers\.portkey\.models\[\]/m,
    );
    expect(run.output).not.toContain(PORTKEY_TEST_KEY);
  });

  it("tells a broken setup apart: a wrong Config, and a gateway URL the key was not stored for, fail, and the exit code says so", async () => {
    const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
    try {
      const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
      const provider = config.models.providers.portkey;
      const doctorWith = async (changes: Record<string, unknown>) => {
        config.models.providers.portkey = { ...provider, ...changes };
        await writeFile(sandbox.configPath, JSON.stringify(config, null, 2));
        const run = await sandbox.run(["portkey", "doctor"]);
        expect(run.code).not.toBe(0);
        expect(run.output).not.toContain(PORTKEY_TEST_KEY);
        return run.stdout;
      };
      const wrongConfig = await doctorWith({ headers: { "x-portkey-config": '{"retry":{"attempts":9}}' } });
      expect(wrongConfig).toMatch(/^ok +key: /m);
      expect(wrongConfig).toMatch(/^FAIL config: .*retry\.attempts/m);
      // A URL edited by hand: the key onboarded for the stand-in is not sent there, and the doctor says how to fix it.
      const elsewhere = new URL(await unreachableGatewayUrl()).origin;
      expect(await doctorWith({ baseUrl: `${elsewhere}/v1` })).toMatch(
        new RegExp(
          `^FAIL key: The Portkey key in profile portkey:default was stored for ${new URL(cloud.baseUrl).origin}, so it is not sent to ${elsewhere}\\.`,
          "m",
        ),
      );
    } finally {
      await sandbox.remove();
    }
  });
});

describe("memory search, transcription and speech through the real self-hosted gateway", () => {
  let gateway: PortkeyGateway;
  let vendor: VendorStandIn;
  let sandbox: OpenClawSandbox;

  beforeAll(async () => {
    [gateway, vendor] = await Promise.all([startPortkeyGateway(), startVendorStandIn({ name: "vendor", apiKey: "sk-embeddings-vendor" })]);
    // Onboarded for this gateway: a key is sent only to the gateway it was stored for.
    sandbox = await createOnboardedSandbox(gateway.baseUrl);
    const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
    const provider = { baseUrl: gateway.baseUrl, api: "openai-completions", models: [], headers: vendor.gatewayHeaders() };
    await seedConfig(sandbox, {
      ...config,
      models: { providers: { portkey: provider } },
      memory: { search: { provider: "portkey", model: "text-embedding-3-small" } },
    });
    const workspace: string = config.agents?.defaults?.workspace ?? sandbox.workspaceDir;
    await mkdir(join(workspace, "memory"), { recursive: true });
    await writeFile(join(workspace, "MEMORY.md"), "# Memory\n\nThe user prefers tea over coffee in the morning.\n");
    await writeFile(join(workspace, "memory", "2026-11-28.md"), "Booked the ferry to Islay for the fourteenth of December.\n");
    await writeFile(
      join(workspace, "memory", "2026-11-29.md"),
      "The harbour light at Port Ellen is green and blinks every four seconds.\n",
    );
  });

  afterAll(async () => {
    await sandbox?.remove();
    await Promise.all([gateway?.stop(), vendor?.close()]);
  });

  it("indexes the agent's memory files with Portkey embeddings and finds the right passage", async () => {
    const index = await sandbox.run(["memory", "index", "--agent", "main", "--force"]);
    expect(index.code, index.output).toBe(0);
    const embedded = vendor.requests.filter((request) => request.path === "/v1/embeddings");
    expect(embedded.length).toBeGreaterThan(0);
    for (const request of embedded) expect(request.headers.authorization).toBe(`Bearer ${vendor.apiKey}`);

    const search = await sandbox.run([
      "memory",
      "search",
      "--agent",
      "main",
      "--query",
      "what colour is the harbour light at Port Ellen",
      "--json",
    ]);
    expect(search.code, search.output).toBe(0);
    const found = JSON.parse(search.stdout) as { results: { path: string; snippet?: string; text?: string }[] };
    expect(found.results.length).toBeGreaterThan(0);
    expect(found.results[0]?.path).toContain("2026-11-29.md");
  });

  it("transcribes a file through the gateway with the vendor's key", async () => {
    const wav = toneWav();
    const file = join(sandbox.root, "voice-note.wav");
    await writeFile(file, wav);
    const run = await sandbox.run(["infer", "audio", "transcribe", "--file", file, "--model", "portkey/whisper-1", "--json"]);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(transcriptOf(wav, "voice-note.wav"));
    const sent = vendor.requests.filter((request) => request.path === "/v1/audio/transcriptions").at(-1);
    expect(sent?.headers.authorization).toBe(`Bearer ${vendor.apiKey}`);
  });

  it("speaks through the gateway with the vendor's key", async () => {
    const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
    await seedConfig(sandbox, { ...config, tts: { providers: { portkey: { model: "gpt-4o-mini-tts" } } } });
    const { run, written } = await convert(sandbox, "Hello from the gateway.");
    expect(run.code, run.output).toBe(0);
    expect(isMp3(written)).toBe(true);
    const sent = vendor.requests.filter((request) => request.path === "/v1/audio/speech").at(-1);
    expect(sent?.json).toMatchObject({ model: "gpt-4o-mini-tts", voice: "alloy" });
    expect(sent?.headers.authorization).toBe(`Bearer ${vendor.apiKey}`);
  });
});
