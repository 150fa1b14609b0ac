/**
 * The plugin as users get it: `npm pack` in the plugin folder (its prepack
 * script builds the JavaScript), giving the tarball `openclaw plugins install`
 * takes.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { z } from "zod";
import { PLUGIN_DIR } from "./openclaw-cli.ts";

const PACK_TIMEOUT_MS = 120_000;
const packOutputSchema = z.tuple([z.object({ filename: z.string(), name: z.string(), version: z.string() }).loose()]);

export interface PackedPlugin {
  tarball: string;
  name: string;
  version: string;
}

/** Packs the plugin into `destination`; throws with npm's output when packing fails. */
export async function packPlugin(destination: string): Promise<PackedPlugin> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn("npm", ["pack", "--json", "--pack-destination", destination], { cwd: PLUGIN_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), PACK_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`npm pack failed (exit ${code}):\n${stdout}\n${stderr}`));
    });
  });
  // npm prints the prepack script's output before the JSON report.
  const [entry] = packOutputSchema.parse(JSON.parse(output.slice(output.indexOf("["))));
  return { tarball: join(destination, entry.filename), name: entry.name, version: entry.version };
}
