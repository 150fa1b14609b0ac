/**
 * Which model of OpenClaw's own catalogs a Portkey id names. Portkey ids put
 * the model behind an integration slug (`@anthropic-prod/claude-opus-5-5`), a
 * provider prefix (`openai/gpt-6-astra`), a Bedrock or Vertex name
 * (`us.anthropic.claude-opus-5-5-20261001-v1:0`, `claude-opus-5-5@20261001`)
 * or a dated version (`gpt-6-astra-2026-08-01`); each finds the row its
 * vendor's plugin declares, compared as OpenClaw compares catalogs (case and a
 * leading namespace ignored, `5.5` and `5-5` alike), through the vendor's
 * own short names where it has them.
 *
 * When several catalogs carry the same name (a reseller such as GitHub
 * Copilot lists Claude and GPT models too), the model's own vendor wins: the
 * one the Portkey id names (`@anthropic-prod/…`), then the plugin OpenClaw
 * gives bare names with that prefix to (`claude-` → anthropic), then a
 * catalog that lists no other vendor's models.
 */
import { hostCatalog, type HostCatalog, type HostCatalogEntry, type HostModelRow } from "./host-catalog.ts";

/** Where a model comes from: its vendor's provider and API, and its catalog row when OpenClaw has one. */
export interface ModelOrigin {
  provider: string;
  /** The OpenClaw plugin that owns the vendor's provider. */
  pluginId: string;
  api: string | undefined;
  row?: HostModelRow | undefined;
}

/**
 * The model part of an id, lower case: everything after the last `/` (drops
 * `@slug/` and `provider/` prefixes), then without Bedrock's dotted
 * region/vendor prefix (`us.anthropic.`).
 */
export function modelNameOf(modelId: string): string {
  const afterSlash = modelId
    .slice(modelId.lastIndexOf("/") + 1)
    .trim()
    .toLowerCase();
  return afterSlash.replace(/^(?:[a-z]+\.)+(?=[a-z])/, "");
}

/** Vertex's `@version`, Bedrock's `-v1:0`, then a date (`-20261001`, `-2026-10-01`), each removed in turn. */
const VERSION_SUFFIXES = [/@[^@]*$/, /-v\d+(?::\d+)?$/, /-\d{8}$|-\d{4}-\d{2}-\d{2}$/];

/** The name, then the name without each version suffix in turn. */
function nameCandidates(name: string): string[] {
  const candidates = [name];
  let current = name;
  for (const suffix of VERSION_SUFFIXES) {
    const shorter = current.replace(suffix, "");
    if (shorter !== current && shorter !== "") candidates.push((current = shorter));
  }
  return candidates;
}

/** How names are compared: lower case, and a dot between digits counts as a dash (`claude-opus-5.5` is `claude-opus-5-5`). */
function comparisonKey(name: string): string {
  return name.toLowerCase().replace(/(\d)\.(?=\d)/g, "$1-");
}

/** Words of what precedes the model name (`@anthropic-prod/`, `us.anthropic.`, `openai/`): the vendor the id names, when it names one. */
function hintWords(modelId: string): Set<string> {
  const lower = modelId.toLowerCase();
  const name = modelNameOf(modelId);
  const prefix = lower.slice(0, lower.lastIndexOf(name));
  return new Set(prefix.split(/[^a-z0-9]+/).filter(Boolean));
}

interface CatalogIndex {
  byKey: Map<string, HostCatalogEntry[]>;
  /** Plugins whose catalog lists a model another plugin claims by prefix: resellers, never the vendor. */
  resellers: Set<string>;
  /** Each vendor's namesake provider (`anthropic` of the anthropic plugin), for ids with no row. */
  vendors: Map<string, HostCatalogEntry>;
  /** Answers already given: a chat turn asks for the same id from several hooks and for every payload. */
  origins: Map<string, ModelOrigin | undefined>;
}

const indexes = new WeakMap<HostCatalog, CatalogIndex>();

/** How many model ids a long-running process remembers answers for before it starts over. */
export const REMEMBERED_MODELS_LIMIT = 1024;

function claimantOf(catalog: HostCatalog, name: string): string | undefined {
  for (const [pluginId, prefixes] of catalog.claimedPrefixes) {
    if (prefixes.some((prefix) => name.startsWith(prefix))) return pluginId;
  }
  return undefined;
}

function indexOf(catalog: HostCatalog): CatalogIndex {
  const known = indexes.get(catalog);
  if (known) return known;
  const byKey = new Map<string, HostCatalogEntry[]>();
  const resellers = new Set<string>();
  const vendors = new Map<string, HostCatalogEntry>();
  for (const entry of catalog.entries) {
    if (entry.provider === entry.pluginId && !vendors.has(entry.provider)) vendors.set(entry.provider, entry);
    const name = modelNameOf(entry.row.id);
    const key = comparisonKey(name);
    byKey.set(key, [...(byKey.get(key) ?? []), entry]);
    const claimant = claimantOf(catalog, name);
    if (claimant !== undefined && claimant !== entry.pluginId) resellers.add(entry.pluginId);
  }
  const index = { byKey, resellers, vendors, origins: new Map() };
  indexes.set(catalog, index);
  return index;
}

/** Higher is more likely the model's own vendor; compared field by field. */
function vendorScore(entry: HostCatalogEntry, hints: Set<string>, claimant: string | undefined, index: CatalogIndex): number[] {
  return [
    hints.has(entry.provider) || hints.has(entry.pluginId) ? 1 : 0,
    claimant === entry.pluginId ? 1 : 0,
    index.resellers.has(entry.pluginId) ? 0 : 1,
    entry.provider === entry.pluginId ? 1 : 0,
    entry.row.cost && entry.row.cost.input > 0 ? 1 : 0,
  ];
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const difference = (b[i] ?? 0) - (a[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function bestEntry(
  entries: readonly HostCatalogEntry[],
  hints: Set<string>,
  claimant: string | undefined,
  index: CatalogIndex,
): HostCatalogEntry | undefined {
  const scored = entries.map((entry) => ({ entry, score: vendorScore(entry, hints, claimant, index) }));
  // Array.prototype.sort is stable, so equal scores keep OpenClaw's catalog order.
  return scored.toSorted((a, b) => compareScores(a.score, b.score))[0]?.entry;
}

function entriesFor(candidate: string, catalog: HostCatalog, index: CatalogIndex): HostCatalogEntry[] {
  const direct = index.byKey.get(comparisonKey(candidate)) ?? [];
  const viaAlias: HostCatalogEntry[] = [];
  for (const [provider, aliases] of catalog.aliases) {
    const target = aliases.get(candidate);
    if (target === undefined) continue;
    viaAlias.push(...(index.byKey.get(comparisonKey(modelNameOf(target))) ?? []).filter((entry) => entry.provider === provider));
  }
  return [...direct, ...viaAlias];
}

/** The vendor an id points to without a catalog row: named in the id, or claiming the name's prefix. */
function vendorWithoutRow(index: CatalogIndex, hints: Set<string>, claimant: string | undefined): ModelOrigin | undefined {
  const named = [...hints].find((word) => index.vendors.has(word));
  const vendor = index.vendors.get(named ?? claimant ?? "");
  return vendor && { provider: vendor.provider, pluginId: vendor.pluginId, api: vendor.api };
}

/**
 * The vendor and catalog row of a Portkey model id; only the vendor when
 * OpenClaw knows the vendor but not the model; undefined when neither.
 */
export function modelOriginOf(modelId: string, catalog: HostCatalog = hostCatalog()): ModelOrigin | undefined {
  const index = indexOf(catalog);
  if (!index.origins.has(modelId)) {
    if (index.origins.size >= REMEMBERED_MODELS_LIMIT) index.origins.clear();
    index.origins.set(modelId, findOrigin(modelId, catalog, index));
  }
  return index.origins.get(modelId);
}

function findOrigin(modelId: string, catalog: HostCatalog, index: CatalogIndex): ModelOrigin | undefined {
  const name = modelNameOf(modelId);
  if (name === "") return undefined;
  const hints = hintWords(modelId);
  const claimant = claimantOf(catalog, name);
  for (const candidate of nameCandidates(name)) {
    const best = bestEntry(entriesFor(candidate, catalog, index), hints, claimant, index);
    if (best) return { provider: best.provider, pluginId: best.pluginId, api: best.api, row: best.row };
  }
  return vendorWithoutRow(index, hints, claimant);
}
