/**
 * Portkey Configs: a saved Config ID (`pc-…`) or an inline Config object,
 * checked against Portkey's Config schema before any request carries it in
 * `x-portkey-config`. A wrong Config gets an error naming the bad path.
 */
import { z } from "zod";
import { describeFirstIssue } from "./zod-issues.ts";

const statusCodes = z.array(z.number().int().min(100).max(599)).min(1);

const retrySchema = z
  .object({
    attempts: z.number().int().min(0).max(5),
    on_status_codes: statusCodes.optional(),
    use_retry_after_header: z.boolean().optional(),
  })
  .strict();

const cacheSchema = z
  .object({
    mode: z.enum(["simple", "semantic"]),
    max_age: z.number().int().positive().optional(),
  })
  .strict();

const strategySchema = z
  .object({
    mode: z.enum(["single", "fallback", "loadbalance", "conditional"]),
    on_status_codes: statusCodes.optional(),
    conditions: z
      // oxlint-disable-next-line unicorn/no-thenable -- Portkey's Config schema names the condition's target "then"
      .array(z.object({ query: z.record(z.string(), z.unknown()), then: z.string().min(1) }).strict())
      .optional(),
    default: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((strategy, ctx) => {
    if (strategy.mode === "conditional" && (!strategy.conditions?.length || !strategy.default)) {
      ctx.addIssue({ code: "custom", message: "a conditional strategy needs `conditions` and a `default` target name" });
    }
  });

/** Fields a Config and each of its targets may carry. */
const targetFields = {
  name: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  api_key: z.string().min(1).optional(),
  virtual_key: z.string().min(1).optional(),
  custom_host: z.url({ protocol: /^https?$/ }).optional(),
  weight: z.number().min(0).optional(),
  retry: retrySchema.optional(),
  cache: cacheSchema.optional(),
  request_timeout: z.number().int().positive().optional(),
  override_params: z.record(z.string(), z.unknown()).optional(),
  forward_headers: z.array(z.string().min(1)).optional(),
  on_status_codes: statusCodes.optional(),
  // Provider-specific fields (Azure, Bedrock, Vertex, …) pass through unchecked.
  azure_resource_name: z.string().optional(),
  azure_deployment_id: z.string().optional(),
  azure_api_version: z.string().optional(),
  aws_region: z.string().optional(),
  vertex_project_id: z.string().optional(),
  vertex_region: z.string().optional(),
};

export interface PortkeyConfigObject {
  strategy?: z.infer<typeof strategySchema> | undefined;
  targets?: PortkeyConfigObject[] | undefined;
  [field: string]: unknown;
}

/** A Config node: routing fields, and optionally a strategy over nested targets. */
const configNodeSchema: z.ZodType<PortkeyConfigObject> = z.lazy(() =>
  z
    .object({ ...targetFields, strategy: strategySchema.optional(), targets: z.array(configNodeSchema).min(1).optional() })
    .loose()
    .superRefine((node, ctx) => {
      if (node.strategy && !node.targets) ctx.addIssue({ code: "custom", path: ["targets"], message: "a strategy needs `targets`" });
      if (node.targets && !node.strategy) ctx.addIssue({ code: "custom", path: ["strategy"], message: "`targets` need a `strategy`" });
    }),
);

const CONFIG_ID_PATTERN = /^pc-[A-Za-z0-9][A-Za-z0-9_-]*$/;

export type PortkeyConfig = { kind: "id"; id: string } | { kind: "inline"; config: PortkeyConfigObject };

export class InvalidPortkeyConfigError extends Error {
  override name = "InvalidPortkeyConfigError";
}

/**
 * The largest inline Config accepted, in bytes of its header value. A gateway
 * refuses a request whose headers are too large with HTTP 431 (a Node server,
 * as the self-hosted gateway is, allows 16 KiB for all headers together); the
 * Config must leave room for the key, metadata and trace id.
 */
export const MAX_INLINE_CONFIG_BYTES = 8 * 1024;

/** Reads a Config given as an ID or a JSON object (text or already parsed). */
export function parsePortkeyConfig(input: string | object): PortkeyConfig {
  let candidate: unknown = input;
  if (typeof input === "string") {
    const trimmed = input.trim();
    if (CONFIG_ID_PATTERN.test(trimmed)) return { kind: "id", id: trimmed };
    if (!trimmed.startsWith("{")) {
      // The value is not repeated: a Config can hold vendor keys, and a mis-pasted key lands here.
      throw new InvalidPortkeyConfigError("Portkey Config is neither a Config ID (pc-…) nor a JSON object.");
    }
    try {
      candidate = JSON.parse(trimmed);
    } catch {
      // JSON.parse quotes the text around the fault, which can be a vendor key.
      throw new InvalidPortkeyConfigError("Portkey Config is not valid JSON; check quotes, commas and braces.");
    }
  }
  const result = configNodeSchema.safeParse(candidate);
  if (!result.success) {
    throw new InvalidPortkeyConfigError(`Portkey Config is ${describeFirstIssue(result.error, "the Config")}.`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(result.data));
  if (bytes > MAX_INLINE_CONFIG_BYTES) {
    throw new InvalidPortkeyConfigError(
      `Portkey Config is ${bytes} bytes; gateways refuse headers that large (HTTP 431), so at most ${MAX_INLINE_CONFIG_BYTES} bytes are accepted inline. Save it in Portkey (app.portkey.ai → Configs) and pass its ID (pc-…) instead.`,
    );
  }
  return { kind: "inline", config: result.data };
}

/** The value of the `x-portkey-config` header for a Config. */
export function portkeyConfigHeaderValue(config: PortkeyConfig): string {
  return config.kind === "id" ? config.id : JSON.stringify(config.config);
}
