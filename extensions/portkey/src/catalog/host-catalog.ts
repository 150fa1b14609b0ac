/**
 * The model catalogs of the OpenClaw the plugin runs in: every row its
 * bundled vendor plugins declare (`modelCatalog.providers.<vendor>.models` in
 * their `openclaw.plugin.json`), with limits, prices, thinking facts and
 * compat, plus which model names each vendor claims (`modelSupport`) and its
 * short-name aliases (`modelIdNormalization`).
 *
 * This is the plugin's one read of a file of the `openclaw` package rather
 * than of its typed SDK, and the reason is measured: the typed catalog
 * (`agent-runtime`'s `ModelCatalogEntry`) carries neither prices nor output
 * limits, and the `modelRegistry` a provider hook receives holds only the
 * providers a user configured (empty in a fresh home). The manifests are found
 * beside the SDK module the plugin already imports, so the catalog is always
 * the running OpenClaw's own; a newer OpenClaw brings its models with it.
 * Rows are validated field by field (catalog-row.ts): a row OpenClaw changes
 * the shape of is skipped, never trusted halfway. Read once per process, on
 * first use.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { parseHostModelRow, parseManifestModelFacts, type HostModelRow, type ManifestModelFacts } from "./catalog-row.ts";

export type { HostModelRow };

const MANIFEST_FILE = "openclaw.plugin.json";
/** The typed SDK entry every plugin imports; OpenClaw's bundled plugins live at `dist/extensions/` beside `dist/plugin-sdk/`. */
const SDK_ENTRY = "openclaw/plugin-sdk/plugin-entry";

/** A vendor catalog row and where OpenClaw keeps it. */
export interface HostCatalogEntry {
  /** The OpenClaw provider id whose catalog holds the row (`anthropic`, `openai`, `github-copilot`…). */
  provider: string;
  /** The plugin that declares it. */
  pluginId: string;
  /** The API OpenClaw talks to that provider with (`anthropic-messages`, `openai-responses`…). */
  api: string | undefined;
  row: HostModelRow;
}

export interface HostCatalog {
  /** Every valid row, in the order OpenClaw lists them (each vendor's newest first). */
  entries: readonly HostCatalogEntry[];
  /** The model-name prefixes each plugin claims for bare ids (`claude-` → anthropic). */
  claimedPrefixes: ReadonlyMap<string, readonly string[]>;
  /** Short names per provider, lower case (`opus-5.5` → `claude-opus-5-5`). */
  aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export const EMPTY_HOST_CATALOG: HostCatalog = { entries: [], claimedPrefixes: new Map(), aliases: new Map() };

/** The folder of OpenClaw's bundled plugins, from the SDK module this process resolves. */
export function hostExtensionsDir(): string {
  return fileURLToPath(new URL("../extensions/", import.meta.resolve(SDK_ENTRY)));
}

function readManifest(path: string): ManifestModelFacts | undefined {
  try {
    return parseManifestModelFacts(JSON.parse(readFileSync(path, "utf8")));
  } catch {
    return undefined;
  }
}

function lowerCaseAliases(aliases: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(aliases).map(([alias, id]) => [alias.toLowerCase(), id]));
}

/** Reads every bundled plugin's manifest in `extensionsDir`; folders without a catalog add nothing. */
export function readHostCatalog(extensionsDir: string): HostCatalog {
  const entries: HostCatalogEntry[] = [];
  const claimedPrefixes = new Map<string, readonly string[]>();
  const aliases = new Map<string, ReadonlyMap<string, string>>();
  let folders: string[];
  try {
    folders = readdirSync(extensionsDir).toSorted();
  } catch {
    return EMPTY_HOST_CATALOG;
  }
  for (const folder of folders) {
    const manifest = readManifest(join(extensionsDir, folder, MANIFEST_FILE));
    if (!manifest) continue;
    if (manifest.modelPrefixes.length)
      claimedPrefixes.set(
        manifest.pluginId,
        manifest.modelPrefixes.map((prefix) => prefix.toLowerCase()),
      );
    for (const [provider, providerAliases] of manifest.aliases) aliases.set(provider, lowerCaseAliases(providerAliases));
    for (const { provider, api, models } of manifest.catalogs) {
      for (const candidate of models) {
        const row = parseHostModelRow(candidate);
        if (row) entries.push({ provider, pluginId: manifest.pluginId, api, row });
      }
    }
  }
  return { entries, claimedPrefixes, aliases };
}

let loaded: HostCatalog | undefined;

/** The running OpenClaw's catalog, read on first use; empty (everything unknown) if it cannot be found. */
export function hostCatalog(): HostCatalog {
  if (loaded) return loaded;
  let dir: string | undefined;
  try {
    dir = hostExtensionsDir();
  } catch {
    dir = undefined;
  }
  loaded = dir === undefined ? EMPTY_HOST_CATALOG : readHostCatalog(dir);
  return loaded;
}
