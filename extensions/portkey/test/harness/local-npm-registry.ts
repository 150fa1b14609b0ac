/**
 * A real npm registry (verdaccio) on 127.0.0.1 for the package-install
 * suites: the plugin and its runtime dependencies are published to it, and
 * OpenClaw's npm installs are pointed at it, so installing the packed plugin
 * never leaves the machine. Stopped by its PID.
 */
import { spawn } from "node:child_process";
import { runCommandOrThrow, stopByPid, waitUntilAnswering, type CommandResult } from "./child-process.ts";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";
import { closedLoopbackPort } from "./closed-port.ts";
import { PLUGIN_DIR } from "./openclaw-cli.ts";

const require = createRequire(import.meta.url);
const VERDACCIO_BIN = join(dirname(require.resolve("verdaccio/package.json")), "bin", "verdaccio");
const READY_TIMEOUT_MS = 30_000;
const NPM_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;
/** Verdaccio accepts any token with `publish: $all`; npm refuses to publish without one. */
const PUBLISH_TOKEN = "local-registry-token";

export interface LocalNpmRegistry {
  /** e.g. http://127.0.0.1:PORT/ */
  url: string;
  /** Publishes a packed tarball. */
  publish(tarball: string): Promise<void>;
  /** Packs the installed copies of the plugin's runtime dependencies and publishes them. */
  publishPluginDependencies(): Promise<void>;
  stop(): Promise<void>;
}

const manifestSchema = z
  .object({ name: z.string(), version: z.string(), dependencies: z.record(z.string(), z.string()).optional() })
  .loose();

function runNpm(args: readonly string[], env: Record<string, string>, cwd: string): Promise<CommandResult> {
  return runCommandOrThrow("npm", args, { cwd, env: { ...process.env, ...env }, timeoutMs: NPM_TIMEOUT_MS });
}

async function runTar(args: readonly string[]): Promise<void> {
  await runCommandOrThrow("tar", args, { cwd: tmpdir(), timeoutMs: NPM_TIMEOUT_MS });
}

export async function startLocalNpmRegistry(): Promise<LocalNpmRegistry> {
  const root = await mkdtemp(join(tmpdir(), "openclaw-portkey-registry-"));
  const port = await closedLoopbackPort();
  const url = `http://127.0.0.1:${port}/`;
  const config = [
    `storage: ${join(root, "storage")}`,
    "auth:",
    "  htpasswd:",
    `    file: ${join(root, "htpasswd")}`,
    "    max_users: -1",
    // No uplinks: only what a test published is served, nothing is fetched from elsewhere.
    "uplinks: {}",
    "packages:",
    "  '**':",
    "    access: $all",
    "    publish: $all",
    "web:",
    "  enable: false",
    "middlewares:",
    "  audit:",
    "    enabled: false",
    `listen: 127.0.0.1:${port}`,
    "log: { type: stdout, format: pretty, level: warn }",
    "",
  ].join("\n");
  const configPath = join(root, "config.yaml");
  await writeFile(configPath, config);
  const child = spawn(process.execPath, [VERDACCIO_BIN, "--config", configPath], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  try {
    await waitUntilAnswering({ url: `${url}-/ping`, child, name: "verdaccio", output: () => log, timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    await stopByPid(child, STOP_GRACE_MS);
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  // npm run with a home of its own, so no user .npmrc (proxy, other registry) takes part.
  const npmEnv = {
    HOME: root,
    npm_config_registry: url,
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
  };
  const publish = async (tarball: string) => {
    await runNpm(["publish", tarball, "--ignore-scripts", `--//127.0.0.1:${port}/:_authToken=${PUBLISH_TOKEN}`], npmEnv, root);
  };

  return {
    url,
    publish,
    async publishPluginDependencies() {
      const plugin = manifestSchema.parse(JSON.parse(await readFile(join(PLUGIN_DIR, "package.json"), "utf8")));
      for (const [name, version] of Object.entries(plugin.dependencies ?? {})) {
        const installedManifest = require.resolve(`${name}/package.json`, { paths: [PLUGIN_DIR] });
        const installed = manifestSchema.parse(JSON.parse(await readFile(installedManifest, "utf8")));
        if (installed.version !== version)
          throw new Error(`${name}: the workspace has ${installed.version}, the plugin asks for ${version}`);
        if (Object.keys(installed.dependencies ?? {}).length > 0) throw new Error(`${name} has dependencies of its own; publish them too`);
        // Packed with tar as npm lays a package out (`package/…`). pnpm hard-links installed files to its store,
        // and npm neither packs (it crashes) nor installs hard-link entries, so links are stored as files.
        const tarball = join(root, `${name.replace("@", "").replace("/", "-")}-${version}.tgz`);
        await runTar(["-czf", tarball, "--hard-dereference", "--transform", "s,^\\.,package,", "-C", dirname(installedManifest), "."]);
        await publish(tarball);
      }
    },
    async stop() {
      await stopByPid(child, STOP_GRACE_MS);
      await rm(root, { recursive: true, force: true });
    },
  };
}
