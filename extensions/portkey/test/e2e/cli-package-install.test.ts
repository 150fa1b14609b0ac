/**
 * The plugin as a package, the way most users get it: `npm pack` builds and
 * packs it, a stock OpenClaw installs the tarball (and, from a real npm
 * registry on 127.0.0.1, the npm spec) with no link to this checkout, and the
 * installed copy onboards, chats and generates images. A chat turn loads only
 * the chat code of the installed copy.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { picturePng } from "../harness/picture-png.ts";
import { startLocalNpmRegistry, type LocalNpmRegistry } from "../harness/local-npm-registry.ts";
import {
  createOpenClawSandbox,
  onboardArgs,
  PLUGIN_DIR,
  PORTKEY_TEST_KEY,
  type OpenClawSandbox,
  imageGenerateArgs,
} from "../harness/openclaw-cli.ts";
import { packPlugin, type PackedPlugin } from "../harness/packed-plugin.ts";

const MODULE_LOAD_RECORDER = join(import.meta.dirname, "..", "support", "module-load-recorder.mjs");

let registry: LocalNpmRegistry;
let cloud: FakePortkeyCloud;
let packDir: string;
let packed: PackedPlugin;
const sandboxes: OpenClawSandbox[] = [];

beforeAll(async () => {
  packDir = await mkdtemp(join(tmpdir(), "openclaw-portkey-pack-"));
  [registry, cloud, packed] = await Promise.all([
    startLocalNpmRegistry(),
    startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY }),
    packPlugin(packDir),
  ]);
  await registry.publishPluginDependencies();
});

afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.remove()));
  await cloud?.close();
  await registry?.stop();
  if (packDir) await rm(packDir, { recursive: true, force: true });
});

async function newSandbox(): Promise<OpenClawSandbox> {
  const sandbox = await createOpenClawSandbox();
  sandboxes.push(sandbox);
  return sandbox;
}

/** OpenClaw runs npm for a package's dependencies; here npm asks only the local registry. */
function registryEnv(): Record<string, string> {
  return { npm_config_registry: registry.url };
}

interface InspectReport {
  plugin: { status: string; origin: string; source: string; providerIds: string[]; imageGenerationProviderIds: string[] };
}

async function inspectRuntime(sandbox: OpenClawSandbox): Promise<InspectReport["plugin"]> {
  const inspect = await sandbox.run(["plugins", "inspect", "portkey", "--runtime", "--json"]);
  expect(inspect.code, inspect.output).toBe(0);
  return (JSON.parse(inspect.stdout) as InspectReport).plugin;
}

describe("the packed plugin in a stock OpenClaw", () => {
  let sandbox: OpenClawSandbox;

  it("packs built JavaScript, the manifest and a README, no TypeScript, tests or dependencies", async () => {
    expect(packed.name).toBe("@openclaw/portkey-provider");
    const files = execFileSync("tar", ["-tzf", packed.tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files).toEqual(
      expect.arrayContaining(["package/dist/index.js", "package/dist/onboarding.js", "package/openclaw.plugin.json", "package/README.md"]),
    );
    expect(files.filter((file) => file.endsWith(".ts") || file.includes("test"))).toEqual([]);
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", packed.tarball, "package/package.json"], { encoding: "utf8" })) as Record<
      string,
      unknown
    >;
    expect(manifest.dependencies).toBeUndefined();
  });

  it("installs the tarball (no --link) and loads both providers from the installed copy", async () => {
    sandbox = await newSandbox();
    const install = await sandbox.run(["plugins", "install", "--force", "--accept-capabilities", packed.tarball], { env: registryEnv() });
    expect(install.code, install.output).toBe(0);

    const plugin = await inspectRuntime(sandbox);
    expect(plugin.status).toBe("loaded");
    expect(plugin.providerIds).toEqual(["portkey"]);
    expect(plugin.imageGenerationProviderIds).toEqual(["portkey"]);
    // The built entry of the copy OpenClaw installed into its own home, not this checkout.
    expect(plugin.source.startsWith(sandbox.stateDir)).toBe(true);
    expect(plugin.source.endsWith(join("dist", "index.js"))).toBe(true);
    expect((await sandbox.readConfigText()) ?? "").not.toContain(PLUGIN_DIR);
    // Nothing installed beside it: the package is self-contained. (OpenClaw links its own
    // package in as the SDK peer; that link is all node_modules holds.)
    const dependencyDir = join(plugin.source, "..", "..", "node_modules");
    const entries = existsSync(dependencyDir) ? await readdir(dependencyDir, { withFileTypes: true }) : [];
    const installed = entries.filter((entry) => !entry.name.startsWith(".") && !(entry.name === "openclaw" && entry.isSymbolicLink()));
    expect(installed.map((entry) => entry.name)).toEqual([]);
  });

  it("onboards, answers a chat turn and generates an image through the installed copy", async () => {
    const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", cloud.baseUrl]));
    expect(onboard.code, onboard.output).toBe(0);

    const before = cloud.requests.length;
    const chat = await sandbox.run(["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "ping", "--json"]);
    expect(chat.code, chat.output).toBe(0);
    expect((JSON.parse(chat.stdout) as { outputs: { text: string }[] }).outputs[0]?.text).toBe("pong from @openai/gpt-4o");
    const chats = cloud.requests.slice(before).filter((request) => request.path === "/v1/chat/completions");
    expect(chats.length).toBeGreaterThan(0);
    for (const request of chats) {
      expect(request.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
      expect(request.headers.authorization).toBeUndefined();
      // Attribution outside the agent too: the surface, and a trace id of the call's own.
      expect(JSON.parse(request.headers["x-portkey-metadata"] ?? "{}")).toEqual({ openclaw_surface: "infer" });
      expect(request.headers["x-portkey-trace-id"]).toMatch(/^openclaw-(call|request)-/);
    }

    const output = join(sandbox.root, "installed.png");
    const image = await sandbox.run(imageGenerateArgs(output, { prompt: "a lighthouse" }));
    expect(image.code, image.output).toBe(0);
    expect((await readFile(output)).equals(picturePng({ width: 1024, height: 1024 }, "a lighthouse"))).toBe(true);
    const generation = cloud.requests.filter((request) => request.path === "/v1/images/generations").at(-1);
    expect(JSON.parse(generation?.headers["x-portkey-metadata"] ?? "{}")).toEqual({ openclaw_surface: "image" });
  });

  it("loads only the chat code of the installed copy for a chat turn: no image, embedding, audio, usage, doctor, onboarding, discovery, Config-schema or HTTP code, no zod", async () => {
    const record = join(sandbox.root, "loaded-modules.txt");
    const chat = await sandbox.run(
      ["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "ping", "--json"],
      {
        env: {
          NODE_OPTIONS: `--import=${MODULE_LOAD_RECORDER}`,
          MODULE_LOAD_RECORD_ROOT: sandbox.stateDir,
          MODULE_LOAD_RECORD_FILE: record,
        },
      },
    );
    expect(chat.code, chat.output).toBe(0);
    const loaded = [...new Set((await readFile(record, "utf8")).trim().split("\n"))];
    const names = loaded.map((path) => path.slice(path.lastIndexOf("/") + 1));
    // The recorder sees the installed plugin's modules (the entry and the defaults it shares with
    // code loaded later): proof it measures what it should.
    expect(names).toEqual(expect.arrayContaining(["index.js", "defaults.js", "image-defaults.js"]));
    // Each of these is a file of its own in the bundle (rolldown.config.ts), loaded on first use;
    // each must exist, or the last check would pass for want of a file.
    const onFirstUse = [
      "image-generation.js",
      "embeddings.js",
      "transcription.js",
      "speech.js",
      "portkey-usage.js",
      "doctor.js",
      "doctor-cli.js",
      "onboarding.js",
      "model-catalog-run.js",
      "model-discovery.js",
      "portkey-call.js",
      "portkey-config.js",
      "configured-metadata.js",
      "api-key.js",
      "secret-references.js",
      "zod.js",
    ];
    // The package was packed from this build.
    expect(onFirstUse.filter((name) => !existsSync(join(PLUGIN_DIR, "dist", name)))).toEqual([]);
    expect(names.filter((name) => onFirstUse.includes(name))).toEqual([]);
  });

  it("installs by npm spec from a registry, as a registry user does", async () => {
    await registry.publish(packed.tarball);
    const fromRegistry = await newSandbox();
    const install = await fromRegistry.run(["plugins", "install", "--force", "--accept-capabilities", `npm:${packed.name}`], {
      env: registryEnv(),
    });
    expect(install.code, install.output).toBe(0);
    expect(install.output).toContain("Installed plugin: portkey");

    const plugin = await inspectRuntime(fromRegistry);
    expect(plugin.status).toBe("loaded");
    expect(plugin.providerIds).toEqual(["portkey"]);
    expect(plugin.source.startsWith(fromRegistry.stateDir)).toBe(true);
    expect(plugin.source.endsWith(join("dist", "index.js"))).toBe(true);
  });
});
