/**
 * The plugin as users get it: `npm pack` in the plugin folder (its prepack
 * script builds the JavaScript), giving the tarball `openclaw plugins install`
 * takes.
 */
import { join } from "node:path";
import { z } from "zod";
import { runCommandOrThrow } from "./child-process.ts";
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
  const { stdout: output } = await runCommandOrThrow("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: PLUGIN_DIR,
    timeoutMs: PACK_TIMEOUT_MS,
  });
  // npm prints the prepack script's output before the JSON report.
  const [entry] = packOutputSchema.parse(JSON.parse(output.slice(output.indexOf("["))));
  return { tarball: join(destination, entry.filename), name: entry.name, version: entry.version };
}
