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
 * Rows are validated field by field: a row OpenClaw changes shape of is
 * skipped, never trusted halfway. Read once per process, on first use.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { z } from "zod";

const MANIFEST_FILE = "openclaw.plugin.json";
/** The typed SDK entry every plugin imports; OpenClaw's bundled plugins live at `dist/extensions/` beside `dist/plugin-sdk/`. */
const SDK_ENTRY = "openclaw/plugin-sdk/plugin-entry";

const nonNegative = z.number().finite().nonnegative();
const tierSchema = z.object({
  range: z.union([z.tuple([nonNegative]), z.tuple([nonNegative, nonNegative])]),
  input: nonNegative,
  output: nonNegative,
  cacheRead: nonNegative.optional(),
  cacheWrite: nonNegative.optional(),
});
const costSchema = z.object({
  input: nonNegative,
  output: nonNegative,
  cacheRead: nonNegative.optional(),
  cacheWrite: nonNegative.optional(),
  tieredPricing: z.array(tierSchema).optional(),
});
const positiveInt = z.number().int().positive();

/** One row of a vendor's catalog, as far as the plugin uses it. */
const hostModelRowSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  reasoning: z.boolean().optional(),
  input: z.array(z.string()).optional(),
  contextWindow: positiveInt.optional(),
  contextTokens: positiveInt.optional(),
  contextWindows: z.array(z.object({ id: z.string(), label: z.string(), contextWindow: positiveInt })).optional(),
  contextWindowDefault: z.string().optional(),
  maxTokens: positiveInt.optional(),
  cost: costSchema.optional(),
  thinkingLevelMap: z.record(z.string(), z.string().nullable()).optional(),
  /** Only the facts about the model itself; the rest of a vendor's compat describes its own endpoint. */
  compat: z
    .object({
      supportedReasoningEfforts: z.array(z.string()).optional().catch(undefined),
      supportsTemperature: z.boolean().optional().catch(undefined),
      supportsTools: z.boolean().optional().catch(undefined),
      codeMode: z.enum(["preferred", "capable"]).optional().catch(undefined),
    })
    .optional(),
  mediaInput: z.object({ image: z.record(z.string(), z.unknown()).optional() }).optional(),
  status: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

export type HostModelRow = z.infer<typeof hostModelRowSchema>;

const manifestSchema = z.object({
  id: z.string(),
  modelSupport: z.object({ modelPrefixes: z.array(z.string()).optional() }).optional().catch(undefined),
  modelIdNormalization: z
    .object({ providers: z.record(z.string(), z.object({ aliases: z.record(z.string(), z.string()).optional() }).loose()) })
    .optional()
    .catch(undefined),
  modelCatalog: z
    .object({ providers: z.record(z.string(), z.object({ api: z.string().optional(), models: z.array(z.unknown()) }).loose()) })
    .optional()
    .catch(undefined),
});

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

function readManifest(path: string): z.infer<typeof manifestSchema> | undefined {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data : undefined;
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
    folders = readdirSync(extensionsDir).sort();
  } catch {
    return EMPTY_HOST_CATALOG;
  }
  for (const folder of folders) {
    const manifest = readManifest(join(extensionsDir, folder, MANIFEST_FILE));
    if (!manifest) continue;
    const prefixes = manifest.modelSupport?.modelPrefixes;
    if (prefixes?.length) claimedPrefixes.set(manifest.id, prefixes.map((prefix) => prefix.toLowerCase()));
    for (const [provider, normalization] of Object.entries(manifest.modelIdNormalization?.providers ?? {})) {
      if (normalization.aliases) aliases.set(provider, lowerCaseAliases(normalization.aliases));
    }
    for (const [provider, catalog] of Object.entries(manifest.modelCatalog?.providers ?? {})) {
      for (const candidate of catalog.models) {
        const row = hostModelRowSchema.safeParse(candidate);
        if (row.success) entries.push({ provider, pluginId: manifest.id, api: catalog.api, row: row.data });
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
