/**
 * The shape of OpenClaw's vendor catalog rows and manifests, as far as the
 * plugin reads them, and their validation. Checked by hand rather than with
 * zod: the catalog is read on every chat turn, and a chat turn loads no zod
 * (its import alone costs a turn about 0.07 s of CPU, measured). A row whose
 * required facts are missing or of the wrong type is dropped whole; a
 * wrong-typed compat fact is dropped alone.
 */

export interface PricingTier {
  range: [number] | [number, number];
  input: number;
  output: number;
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
}

/** USD per million tokens. */
export interface HostModelCost {
  input: number;
  output: number;
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
  tieredPricing?: PricingTier[] | undefined;
}

/** Only the facts about the model itself; the rest of a vendor's compat describes its own endpoint. */
export interface HostModelCompat {
  supportedReasoningEfforts?: string[] | undefined;
  supportsTemperature?: boolean | undefined;
  supportsTools?: boolean | undefined;
  codeMode?: "preferred" | "capable" | undefined;
}

/** One row of a vendor's catalog. */
export interface HostModelRow {
  id: string;
  name?: string | undefined;
  reasoning?: boolean | undefined;
  input?: string[] | undefined;
  contextWindow?: number | undefined;
  contextTokens?: number | undefined;
  contextWindows?: { id: string; label: string; contextWindow: number }[] | undefined;
  contextWindowDefault?: string | undefined;
  maxTokens?: number | undefined;
  cost?: HostModelCost | undefined;
  thinkingLevelMap?: Record<string, string | null> | undefined;
  compat?: HostModelCompat | undefined;
  mediaInput?: { image?: Record<string, unknown> | undefined } | undefined;
  status?: string | undefined;
}

/** What a plugin manifest says about models. */
export interface ManifestModelFacts {
  pluginId: string;
  modelPrefixes: string[];
  aliases: [provider: string, aliases: Record<string, string>][];
  catalogs: { provider: string; api: string | undefined; models: unknown[] }[];
}

class InvalidFact extends Error {}

function invalid(): never {
  throw new InvalidFact();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : invalid());
const text = (value: unknown): string => (typeof value === "string" && value !== "" ? value : invalid());
const flag = (value: unknown): boolean => (typeof value === "boolean" ? value : invalid());
const tokenCount = (value: unknown): number => (typeof value === "number" && Number.isInteger(value) && value > 0 ? value : invalid());
const price = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : invalid());
const listOf =
  <T>(read: (value: unknown) => T) =>
  (value: unknown): T[] =>
    Array.isArray(value) ? value.map(read) : invalid();
const optional = <T>(value: unknown, read: (value: unknown) => T): T | undefined => (value === undefined ? undefined : read(value));

/** Reads a fact; one of the wrong type counts as absent instead of failing the whole row. */
function lenient<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  try {
    return optional(value, read);
  } catch (error) {
    if (error instanceof InvalidFact) return undefined;
    throw error;
  }
}

/** The object without its undefined fields, so rows compare and print as written. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function range(value: unknown): [number] | [number, number] {
  const bounds = listOf(price)(value);
  if (bounds.length === 1 && bounds[0] !== undefined) return [bounds[0]];
  if (bounds.length === 2 && bounds[0] !== undefined && bounds[1] !== undefined) return [bounds[0], bounds[1]];
  return invalid();
}

function tier(value: unknown): PricingTier {
  const raw = record(value);
  return defined({
    range: range(raw.range),
    input: price(raw.input),
    output: price(raw.output),
    cacheRead: optional(raw.cacheRead, price),
    cacheWrite: optional(raw.cacheWrite, price),
  });
}

function cost(value: unknown): HostModelCost {
  const raw = record(value);
  return defined({
    input: price(raw.input),
    output: price(raw.output),
    cacheRead: optional(raw.cacheRead, price),
    cacheWrite: optional(raw.cacheWrite, price),
    tieredPricing: optional(raw.tieredPricing, listOf(tier)),
  });
}

function compat(value: unknown): HostModelCompat {
  const raw = record(value);
  const codeMode = raw.codeMode === "preferred" || raw.codeMode === "capable" ? raw.codeMode : undefined;
  return defined({
    supportedReasoningEfforts: lenient(raw.supportedReasoningEfforts, listOf(text)),
    supportsTemperature: lenient(raw.supportsTemperature, flag),
    supportsTools: lenient(raw.supportsTools, flag),
    codeMode,
  });
}

function thinkingLevelMap(value: unknown): Record<string, string | null> {
  return Object.fromEntries(Object.entries(record(value)).map(([level, mapped]) => [level, mapped === null ? null : text(mapped)]));
}

function windowOption(value: unknown): { id: string; label: string; contextWindow: number } {
  const raw = record(value);
  return { id: text(raw.id), label: text(raw.label), contextWindow: tokenCount(raw.contextWindow) };
}

/** A valid catalog row, or undefined. */
export function parseHostModelRow(value: unknown): HostModelRow | undefined {
  try {
    const raw = record(value);
    return defined({
      id: text(raw.id),
      name: optional(raw.name, text),
      reasoning: optional(raw.reasoning, flag),
      input: optional(raw.input, listOf(text)),
      contextWindow: optional(raw.contextWindow, tokenCount),
      contextTokens: optional(raw.contextTokens, tokenCount),
      contextWindows: optional(raw.contextWindows, listOf(windowOption)),
      contextWindowDefault: optional(raw.contextWindowDefault, text),
      maxTokens: optional(raw.maxTokens, tokenCount),
      cost: optional(raw.cost, cost),
      thinkingLevelMap: optional(raw.thinkingLevelMap, thinkingLevelMap),
      compat: optional(raw.compat, compat),
      mediaInput: optional(raw.mediaInput, (media) => defined({ image: optional(record(media).image, record) })),
      status: optional(raw.status, text),
    });
  } catch (error) {
    if (error instanceof InvalidFact) return undefined;
    throw error;
  }
}

function stringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).map(([key, mapped]) => [key, text(mapped)]));
}

/** What a manifest says about models; each part that is malformed counts as absent. Undefined without a plugin id. */
export function parseManifestModelFacts(value: unknown): ManifestModelFacts | undefined {
  if (!isRecord(value) || typeof value.id !== "string") return undefined;
  const support = lenient(value.modelSupport, record);
  const normalization = lenient(lenient(value.modelIdNormalization, record)?.providers, record) ?? {};
  const catalogs = lenient(lenient(value.modelCatalog, record)?.providers, record) ?? {};
  return {
    pluginId: value.id,
    modelPrefixes: lenient(support?.modelPrefixes, listOf(text)) ?? [],
    aliases: Object.entries(normalization).flatMap(([provider, rules]) => {
      const aliases = lenient(lenient(rules, record)?.aliases, stringRecord);
      return aliases ? [[provider, aliases] as [string, Record<string, string>]] : [];
    }),
    catalogs: Object.entries(catalogs).flatMap(([provider, catalog]) => {
      const raw = lenient(catalog, record);
      const models = lenient(raw?.models, (list) => (Array.isArray(list) ? list : invalid()));
      return models ? [{ provider, api: lenient(raw?.api, text), models }] : [];
    }),
  };
}
