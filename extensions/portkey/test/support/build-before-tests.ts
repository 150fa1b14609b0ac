/**
 * Vitest global setup: builds the plugin once before any suite runs. OpenClaw
 * discovers a plugin folder by its package.json, whose runtime entry is the
 * built `dist/index.js`; suites that let OpenClaw discover the checkout (for
 * its PORTKEY_API_KEY mapping, say) need that build to exist and be current.
 */
import { buildPlugin } from "../harness/openclaw-cli.ts";

export default async function setup(): Promise<void> {
  await buildPlugin();
}
