/**
 * `pnpm bench`: what the Portkey plugin costs OpenClaw, side by side with
 * OpenClaw's bundled litellm plugin, against one local Portkey stand-in.
 *
 * - cli:     `openclaw infer model run --local` through the installed (packed)
 *            plugin and through litellm, alternated for N rounds after a warm-up;
 *            `openclaw plugins list` with the plugin installed and without it.
 *            CPU (user+sys), wall time and peak RSS per process, from GNU time.
 * - request: the plugin's own work per chat request (its stream wrapper), in
 *            this process, in microseconds.
 * - daemon:  both through the OpenClaw gateway daemon, batches of concurrent
 *            sessions: the daemon's peak RSS and the turn latency.
 *
 * Usage: pnpm bench [--rounds N] [--batches N] [--sessions N] [--only cli|request|daemon]
 * Everything runs on 127.0.0.1 and is stopped at the end.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { startLocalNpmRegistry, type LocalNpmRegistry } from "../harness/local-npm-registry.ts";
import { createOpenClawSandbox, OPENCLAW_ENTRY, onboardArgs, PORTKEY_TEST_KEY, type OpenClawSandbox } from "../harness/openclaw-cli.ts";
import { startOpenClawGatewayDaemon } from "../harness/openclaw-gateway-daemon.ts";
import { packPlugin } from "../harness/packed-plugin.ts";
import { measureRequestWork } from "./request-work.ts";
import { fallbackDefaultModelId } from "../../src/catalog/chat-models.ts";

const GNU_TIME = "/usr/bin/time";
// A current model from OpenClaw's own catalog, so a turn does the plugin's catalog and thinking work.
const MODEL_ID = process.env.BENCH_MODEL ?? fallbackDefaultModelId();
const RSS_SAMPLE_MS = 200;

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    batches: { type: "string", default: "3" },
    sessions: { type: "string", default: "30" },
    only: { type: "string" },
  },
});
const ROUNDS = Number(args.rounds);
const BATCHES = Number(args.batches);
const SESSIONS = Number(args.sessions);
const wants = (mode: string) => args.only === undefined || args.only === mode;

interface ProcessCost {
  cpuSeconds: number;
  wallSeconds: number;
  peakRssMiB: number;
}

const median = (values: readonly number[]): number => {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const percentile = (values: readonly number[], share: number): number => {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
};

/** Runs one OpenClaw command in a sandbox under GNU time; a failing command stops the benchmark. */
function timedOpenClaw(sandbox: OpenClawSandbox, cliArgs: readonly string[]): Promise<ProcessCost> {
  return new Promise((resolve, reject) => {
    // %U %S %e %M: user and system CPU seconds, wall seconds, peak RSS in KiB.
    const child = spawn(GNU_TIME, ["-f", "BENCH %U %S %e %M", process.execPath, OPENCLAW_ENTRY, ...cliArgs], {
      cwd: sandbox.root,
      env: sandbox.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const figures = /BENCH ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !figures) {
        reject(new Error(`openclaw ${cliArgs.join(" ")} failed (exit ${code}):\n${stdout}\n${stderr}`));
        return;
      }
      const [, user, system, wall, rssKiB] = figures.map(Number);
      resolve({ cpuSeconds: (user ?? 0) + (system ?? 0), wallSeconds: wall ?? 0, peakRssMiB: (rssKiB ?? 0) / 1024 });
    });
  });
}

async function checked(sandbox: OpenClawSandbox, cliArgs: readonly string[], env?: Record<string, string>): Promise<void> {
  const result = await sandbox.run(cliArgs, env ? { env } : {});
  if (result.code !== 0) throw new Error(`openclaw ${cliArgs.join(" ")} failed:\n${result.output}`);
}

interface Homes {
  portkey: OpenClawSandbox;
  litellm: OpenClawSandbox;
}

/** Our packed plugin installed from its tarball in one home; OpenClaw's bundled litellm onboarded in the other. */
async function prepareHomes(cloud: FakePortkeyCloud, registry: LocalNpmRegistry, workDir: string): Promise<Homes> {
  const packed = await packPlugin(workDir);
  const [portkey, litellm] = await Promise.all([createOpenClawSandbox(), createOpenClawSandbox()]);
  await checked(portkey, ["plugins", "install", "--force", "--accept-capabilities", packed.tarball], { npm_config_registry: registry.url });
  await checked(portkey, onboardArgs(portkey, ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", cloud.baseUrl]));
  await checked(
    litellm,
    onboardArgs(litellm, ["--litellm-api-key", PORTKEY_TEST_KEY, "--custom-base-url", cloud.baseUrl], "litellm-api-key"),
  );
  return { portkey, litellm };
}

const inferArgs = (provider: string) => [
  "infer",
  "model",
  "run",
  "--local",
  "--model",
  `${provider}/${MODEL_ID}`,
  "--prompt",
  "ping",
  "--json",
];

function printPairs(title: string, labels: [string, string], pairs: readonly [ProcessCost, ProcessCost][]): void {
  console.log(`\n${title} (${pairs.length} alternating pairs, medians; ratio = median of the pairwise ratios)`);
  console.log(`  ${"".padEnd(18)}${labels[0].padStart(14)}${labels[1].padStart(14)}${"ratio".padStart(9)}`);
  const rows: [string, (cost: ProcessCost) => number, string][] = [
    ["CPU user+sys", (cost) => cost.cpuSeconds, "s"],
    ["wall", (cost) => cost.wallSeconds, "s"],
    ["peak RSS", (cost) => cost.peakRssMiB, "MiB"],
  ];
  for (const [name, figure, unit] of rows) {
    const a = median(pairs.map(([first]) => figure(first)));
    const b = median(pairs.map(([, second]) => figure(second)));
    const ratio = median(pairs.map(([first, second]) => figure(first) / figure(second)));
    const shown = (value: number) => `${value.toFixed(unit === "MiB" ? 0 : 2)} ${unit}`;
    console.log(`  ${name.padEnd(18)}${shown(a).padStart(14)}${shown(b).padStart(14)}${ratio.toFixed(3).padStart(9)}`);
  }
}

/** Alternates the two commands (A B, then B A) so drift hits both alike; the first pair is a warm-up. */
async function alternate(first: () => Promise<ProcessCost>, second: () => Promise<ProcessCost>): Promise<[ProcessCost, ProcessCost][]> {
  const pairs: [ProcessCost, ProcessCost][] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    let a: ProcessCost;
    let b: ProcessCost;
    if (round % 2 === 0) {
      a = await first();
      b = await second();
    } else {
      b = await second();
      a = await first();
    }
    if (round > 0) pairs.push([a, b]);
  }
  return pairs;
}

async function benchCli(homes: Homes): Promise<void> {
  const infer = await alternate(
    () => timedOpenClaw(homes.portkey, inferArgs("portkey")),
    () => timedOpenClaw(homes.litellm, inferArgs("litellm")),
  );
  printPairs("infer model run --local", ["portkey", "litellm"], infer);
  const list = await alternate(
    () => timedOpenClaw(homes.portkey, ["plugins", "list"]),
    () => timedOpenClaw(homes.litellm, ["plugins", "list"]),
  );
  printPairs("plugins list", ["with portkey", "without"], list);
}

function readRssKiB(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  return readFile(`/proc/${pid}/status`, "utf8").then(
    (status) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0),
    () => 0,
  );
}

async function benchDaemon(
  sandbox: OpenClawSandbox,
  label: string,
): Promise<{ label: string; peakRssMiB: number; latencies: number[]; failures: number }> {
  const daemon = await startOpenClawGatewayDaemon(sandbox);
  let peakKiB = 0;
  const sampler = setInterval(() => {
    void readRssKiB(daemon.pid, "VmRSS").then((rss) => (peakKiB = Math.max(peakKiB, rss)));
  }, RSS_SAMPLE_MS);
  const latencies: number[] = [];
  let failures = 0;
  try {
    for (let batch = 0; batch < BATCHES; batch++) {
      await Promise.all(
        Array.from({ length: SESSIONS }, async (_, index) => {
          const started = performance.now();
          const turn = await daemon.chat({ session: `bench-${label}-${index}`, message: "ping" });
          if (turn.status === 200) latencies.push(performance.now() - started);
          else failures++;
        }),
      );
    }
    peakKiB = Math.max(peakKiB, await readRssKiB(daemon.pid, "VmHWM"));
  } finally {
    clearInterval(sampler);
    await daemon.stop();
  }
  return { label, peakRssMiB: peakKiB / 1024, latencies, failures };
}

async function main(): Promise<void> {
  if (wants("request")) {
    const work = await measureRequestWork();
    console.log(
      `\nplugin work per chat request (stream wrapper, ${work.calls} calls after warm-up): ${work.microsPerCall.toFixed(1)} µs median of ${work.samples} samples`,
    );
  }
  if (!wants("cli") && !wants("daemon")) return;
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed for the process figures: apt-get install time`);

  const workDir = await mkdtemp(join(tmpdir(), "openclaw-portkey-bench-"));
  const cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY });
  const registry = await startLocalNpmRegistry();
  let homes: Homes | undefined;
  try {
    await registry.publishPluginDependencies();
    console.log("Preparing two OpenClaw homes: the packed Portkey plugin, and the bundled litellm plugin …");
    homes = await prepareHomes(cloud, registry, workDir);
    if (wants("cli")) await benchCli(homes);
    if (wants("daemon")) {
      const portkey = await benchDaemon(homes.portkey, "portkey");
      const litellm = await benchDaemon(homes.litellm, "litellm");
      console.log(`\ngateway daemon, ${BATCHES} batches of ${SESSIONS} concurrent sessions`);
      for (const result of [portkey, litellm]) {
        console.log(
          `  ${result.label.padEnd(9)} peak RSS ${result.peakRssMiB.toFixed(0)} MiB · turn latency median ${median(result.latencies).toFixed(0)} ms, ` +
            `p95 ${percentile(result.latencies, 0.95).toFixed(0)} ms · ${result.failures} failed`,
        );
      }
      console.log(`  peak RSS ratio portkey/litellm ${(portkey.peakRssMiB / litellm.peakRssMiB).toFixed(3)}`);
    }
  } finally {
    await Promise.all([homes?.portkey.remove(), homes?.litellm.remove()]);
    await registry.stop();
    await cloud.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
