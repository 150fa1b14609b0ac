/**
 * Runs the real OpenClaw CLI in a throwaway home, so end-to-end tests never
 * touch the machine's own OpenClaw state.
 */
import { runCommand, runCommandOrThrow, type CommandResult } from "./child-process.ts";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
/** The CLI entry of the `openclaw` package this workspace pins. */
export const OPENCLAW_ENTRY = join(dirname(require.resolve("openclaw")), "..", "openclaw.mjs");
/** The plugin folder, installed into OpenClaw with `plugins install --link`. */
export const PLUGIN_DIR = join(import.meta.dirname, "..", "..");

const CLI_TIMEOUT_MS = 150_000;
export const PORTKEY_TEST_KEY = "pk-e2e-4b9c1d7e2f";

export type CliResult = CommandResult;

export interface OpenClawSandbox {
  root: string;
  stateDir: string;
  configPath: string;
  workspaceDir: string;
  /** The environment every CLI run gets. */
  env: Record<string, string>;
  run(args: readonly string[], options?: { env?: Record<string, string | undefined> }): Promise<CliResult>;
  readConfigText(): Promise<string | undefined>;
  remove(): Promise<void>;
}

/** Environment the CLI sees: only what it needs, no key or proxy leaking in from the host. */
function baseEnvironment(root: string, stateDir: string, configPath: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: root,
    OPENCLAW_HOME: root,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_CONFIG_PATH: configPath,
    NO_COLOR: "1",
    CI: "true",
    TMPDIR: join(root, "tmp"),
  };
}

/**
 * A new throwaway OpenClaw home. With `copyStateFrom`, it starts as a copy of
 * another sandbox's state (a plugin installed there is installed here too),
 * which saves a `plugins install` per test.
 */
export async function createOpenClawSandbox(options: { copyStateFrom?: OpenClawSandbox } = {}): Promise<OpenClawSandbox> {
  const root = await mkdtemp(join(tmpdir(), "openclaw-portkey-e2e-"));
  const stateDir = join(root, "state");
  const configPath = join(stateDir, "openclaw.json");
  const workspaceDir = join(root, "workspace");
  await Promise.all([mkdir(stateDir, { recursive: true }), mkdir(workspaceDir), mkdir(join(root, "tmp"))]);
  if (options.copyStateFrom) await cp(options.copyStateFrom.stateDir, stateDir, { recursive: true });
  const env = baseEnvironment(root, stateDir, configPath);

  const run = (args: readonly string[], runOptions: { env?: Record<string, string | undefined> } = {}) =>
    runCommand(process.execPath, [OPENCLAW_ENTRY, ...args], { cwd: root, env: { ...env, ...runOptions.env }, timeoutMs: CLI_TIMEOUT_MS });

  return {
    root,
    stateDir,
    configPath,
    workspaceDir,
    env,
    run,
    readConfigText: () => readFile(configPath, "utf8").catch(() => undefined),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * Writes `openclaw.json` as a user would have it before onboarding: the
 * given settings beside the `plugins` block that installing the plugin wrote.
 */
export async function seedConfig(sandbox: OpenClawSandbox, config: Record<string, unknown>): Promise<string> {
  const installed = JSON.parse((await sandbox.readConfigText()) ?? "{}") as Record<string, unknown>;
  const text = `${JSON.stringify({ ...installed, ...config }, null, 2)}\n`;
  await writeFile(sandbox.configPath, text);
  return text;
}

const BUILD_TIMEOUT_MS = 120_000;
let build: Promise<void> | undefined;

/**
 * Builds the plugin's JavaScript (`npm run build`), once per process. OpenClaw
 * loads a linked folder's built entry (`openclaw.runtimeExtensions`) and
 * refuses the link without it, so every suite runs the current sources' build.
 */
export function buildPlugin(): Promise<void> {
  build ??= runCommandOrThrow("npm", ["run", "build"], { cwd: PLUGIN_DIR, timeoutMs: BUILD_TIMEOUT_MS }).then(() => undefined);
  return build;
}

/** Installs this plugin into the sandbox the way a developer does, linking its folder (built first). */
export async function installPlugin(sandbox: OpenClawSandbox): Promise<CliResult> {
  await buildPlugin();
  return sandbox.run(["plugins", "install", "--link", "--force", "--accept-capabilities", PLUGIN_DIR]);
}

/** A new sandbox with the plugin installed; throws with OpenClaw's output when the install fails. */
export async function createInstalledSandbox(): Promise<OpenClawSandbox> {
  const sandbox = await createOpenClawSandbox();
  const install = await installPlugin(sandbox);
  if (install.code !== 0) {
    await sandbox.remove();
    throw new Error(`openclaw plugins install failed:\n${install.output}`);
  }
  return sandbox;
}

/** Every file below the folder whose bytes contain the text (databases and logs included). */
export async function filesContaining(root: string, text: string): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path)).includes(text)) hits.push(path);
  }
  return hits;
}

/** `openclaw infer image generate` with a Portkey image model, writing the image to `output`. */
export function imageGenerateArgs(output: string, { model = "portkey/@openai/gpt-image-1", prompt = "a kite" } = {}): string[] {
  return ["infer", "image", "generate", "--model", model, "--prompt", prompt, "--output", output, "--json"];
}

/**
 * The non-interactive onboarding command line, with the flags that keep it
 * local and quiet; the auth choice is Portkey's cloud choice unless given.
 */
export function onboardArgs(sandbox: OpenClawSandbox, extra: readonly string[], authChoice = "portkey-api-key"): string[] {
  return [
    "onboard",
    "--non-interactive",
    "--accept-risk",
    "--mode",
    "local",
    "--auth-choice",
    authChoice,
    "--skip-daemon",
    "--skip-channels",
    "--skip-skills",
    "--skip-search",
    "--skip-health",
    "--skip-ui",
    "--skip-hooks",
    "--workspace",
    sandbox.workspaceDir,
    ...extra,
  ];
}

/** A new sandbox with the plugin installed and onboarded with the test key against the gateway at `baseUrl`. */
export async function createOnboardedSandbox(baseUrl: string): Promise<OpenClawSandbox> {
  const sandbox = await createInstalledSandbox();
  const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", baseUrl]));
  if (onboard.code !== 0) {
    await sandbox.remove();
    throw new Error(`openclaw onboard failed:\n${onboard.output}`);
  }
  return sandbox;
}
