/**
 * Current models taken from the installed OpenClaw's own vendor catalogs, so
 * the suites follow OpenClaw's releases instead of a list written here. Read
 * straight from the vendor plugins' manifests, independently of the plugin's
 * own reader (src/catalog/host-catalog.ts), which is what the suites check.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const tierSchema = z.object({
  range: z.array(z.number()),
  input: z.number(),
  output: z.number(),
  cacheRead: z.number().optional(),
  cacheWrite: z.number().optional(),
});
const rowSchema = z
  .object({
    id: z.string(),
    reasoning: z.boolean().optional(),
    input: z.array(z.string()).optional(),
    contextWindow: z.number().optional(),
    contextTokens: z.number().optional(),
    maxTokens: z.number().optional(),
    cost: z
      .object({
        input: z.number(),
        output: z.number(),
        cacheRead: z.number().optional(),
        cacheWrite: z.number().optional(),
        tieredPricing: z.array(tierSchema).optional(),
      })
      .optional(),
    thinkingLevelMap: z.record(z.string(), z.string().nullable()).optional(),
    compat: z
      .object({ supportedReasoningEfforts: z.array(z.string()).optional() })
      .loose()
      .optional(),
  })
  .loose();
const manifestSchema = z
  .object({ modelCatalog: z.object({ providers: z.record(z.string(), z.object({ models: z.array(rowSchema) }).loose()) }) })
  .loose();

export type VendorModelRow = z.infer<typeof rowSchema>;

export interface VendorModel {
  /** The OpenClaw provider id of the vendor (`anthropic`). */
  vendor: string;
  row: VendorModelRow;
}

function vendorRows(vendor: string): VendorModelRow[] {
  const path = fileURLToPath(
    new URL(`../extensions/${vendor}/openclaw.plugin.json`, import.meta.resolve("openclaw/plugin-sdk/plugin-entry")),
  );
  return manifestSchema.parse(JSON.parse(readFileSync(path, "utf8"))).modelCatalog.providers[vendor]?.models ?? [];
}

/** The vendor's first reasoning model with a price, else its first reasoning model: its current flagship as OpenClaw lists it. */
export function currentReasoningModel(vendor: string): VendorModel {
  const reasoning = vendorRows(vendor).filter((row) => row.reasoning === true);
  const row = reasoning.find((candidate) => (candidate.cost?.input ?? 0) > 0) ?? reasoning[0];
  if (!row) throw new Error(`OpenClaw's ${vendor} catalog has no reasoning model`);
  return { vendor, row };
}

/** USD for a usage at a row's prices (per million tokens), in the tier the input falls in when the row has tiers. */
export function priceOf(row: VendorModelRow, usage: { input: number; output: number; cacheRead: number; cacheWrite: number }): number {
  const cost = row.cost;
  if (!cost) return 0;
  const promptTokens = usage.input + usage.cacheRead + usage.cacheWrite;
  const tier = cost.tieredPricing?.find(
    ({ range: [from = 0, to = Number.POSITIVE_INFINITY] }) => promptTokens >= from && promptTokens < to,
  );
  const rates = tier ?? cost;
  return (
    (usage.input * rates.input +
      usage.output * rates.output +
      usage.cacheRead * (rates.cacheRead ?? 0) +
      usage.cacheWrite * (rates.cacheWrite ?? 0)) /
    1e6
  );
}
