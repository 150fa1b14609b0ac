/**
 * The one place where a Portkey request gets its headers. Chat, image
 * generation, image edits and model listing all build them here, so a header
 * configured once in `models.providers.portkey.headers` reaches every call.
 *
 * What the configured headers mean (a valid Config, the user's metadata keys)
 * is worked out once per distinct set of headers and cached for the process;
 * each request then only adds the key, trace id and attribution.
 */
import { buildPortkeyMetadata, type AttributionContext } from "./attribution.ts";
import { isOpenClawSecretPlaceholder, isPortkeyKeyHeader, secretsInHeader } from "../secrets/secret-headers.ts";
import { PORTKEY_API_KEY_HEADER, PORTKEY_CONFIG_HEADER, PORTKEY_METADATA_HEADER, PORTKEY_TRACE_ID_HEADER } from "../config/defaults.ts";
import { headerSafeValue } from "./header-safe.ts";

export type HeaderMap = Readonly<Record<string, string>>;

export interface PortkeyHeaderInputs {
  apiKey: string;
  /** The user's `models.providers.portkey.headers` (routing, Config, vendor credentials). */
  configuredHeaders?: HeaderMap | undefined;
  /** Groups the request in Portkey's logs; a trace id the user configured wins. */
  traceId: string;
  /** Who is asking, for `x-portkey-metadata`; omitted when attribution is turned off. */
  attribution?: AttributionContext | undefined;
}

/** The configured headers, read once. */
interface PreparedHeaders {
  /** Sent as they are: every configured header but a typed-in Portkey key. */
  passThrough: Record<string, string>;
  hasTraceId: boolean;
  hasAuthorization: boolean;
  /** The configured metadata header's own name, replaced by the merged one when attribution is on. */
  metadataHeaderName?: string | undefined;
  /** The user's metadata keys, or why their header could not be read (reported only when attribution needs it). */
  metadata?: { keys: Record<string, string> } | { error: Error } | undefined;
}

/** Distinct header sets per process are few (one per configured gateway); the bound only guards against churn. */
const MAX_PREPARED_HEADER_SETS = 32;
const preparedHeaderSets = new Map<string, Promise<PreparedHeaders>>();

/** A configured Config is checked (Portkey's Config schema, loaded on first use) before any request carries it. */
async function assertValidConfiguredConfig(value: string): Promise<void> {
  const { InvalidPortkeyConfigError, parsePortkeyConfig } = await import("../config/portkey-config.ts");
  try {
    parsePortkeyConfig(value);
  } catch (error) {
    if (!(error instanceof InvalidPortkeyConfigError)) throw error;
    throw new InvalidPortkeyConfigError(`models.providers.portkey.headers.${PORTKEY_CONFIG_HEADER}: ${error.message}`);
  }
}

async function readMetadata(value: string): Promise<PreparedHeaders["metadata"]> {
  const { readConfiguredMetadata } = await import("../config/configured-metadata.ts");
  try {
    return { keys: readConfiguredMetadata(value) };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

async function prepareHeaders(configured: HeaderMap): Promise<PreparedHeaders> {
  const passThrough: Record<string, string> = {};
  const prepared: PreparedHeaders = { passThrough, hasTraceId: false, hasAuthorization: false };
  let config: string | undefined;
  let metadata: string | undefined;
  for (const [name, value] of Object.entries(configured)) {
    const lower = name.toLowerCase();
    // The key comes from OpenClaw's credential store, never from a header typed into the config.
    if (isPortkeyKeyHeader(name)) continue;
    passThrough[name] = headerSafeValue(value);
    if (lower === PORTKEY_TRACE_ID_HEADER) prepared.hasTraceId = true;
    if (lower === "authorization") prepared.hasAuthorization = true;
    if (lower === PORTKEY_CONFIG_HEADER) config = value;
    if (lower === PORTKEY_METADATA_HEADER) {
      prepared.metadataHeaderName = name;
      metadata = value;
    }
  }
  // A Config kept as a secret reference was checked when it was saved; here it is OpenClaw's placeholder.
  if (config !== undefined && !isOpenClawSecretPlaceholder(config)) await assertValidConfiguredConfig(config);
  if (metadata !== undefined) prepared.metadata = await readMetadata(metadata);
  return prepared;
}

function preparedHeadersFor(configured: HeaderMap | undefined): Promise<PreparedHeaders> {
  const cacheKey = JSON.stringify(configured ?? {});
  let prepared = preparedHeaderSets.get(cacheKey);
  if (!prepared) {
    if (preparedHeaderSets.size >= MAX_PREPARED_HEADER_SETS) preparedHeaderSets.clear();
    prepared = prepareHeaders(configured ?? {});
    preparedHeaderSets.set(cacheKey, prepared);
  }
  return prepared;
}

function assemble(prepared: PreparedHeaders, { apiKey, traceId, attribution }: PortkeyHeaderInputs): Record<string, string> {
  const headers: Record<string, string> = { ...prepared.passThrough, [PORTKEY_API_KEY_HEADER]: apiKey };
  if (!prepared.hasTraceId) headers[PORTKEY_TRACE_ID_HEADER] = traceId;
  if (attribution) {
    if (prepared.metadata && "error" in prepared.metadata) throw prepared.metadata.error;
    if (prepared.metadataHeaderName) delete headers[prepared.metadataHeaderName];
    const metadata = buildPortkeyMetadata({ context: attribution, configured: prepared.metadata?.keys, secrets: [apiKey] });
    if (metadata) headers[PORTKEY_METADATA_HEADER] = metadata;
  }
  return headers;
}

/** Headers for the plugin's own HTTP calls: the user's headers plus the Portkey key. */
export async function buildPortkeyHeaders(inputs: PortkeyHeaderInputs): Promise<Record<string, string>> {
  return assemble(await preparedHeadersFor(inputs.configuredHeaders), inputs);
}

/**
 * What must never appear in an error message: the Portkey key, credential
 * headers the user configured (a vendor's Authorization, say) and vendor keys
 * inside a configured Config. Error bodies from a gateway or vendor can echo them.
 */
export function requestSecrets(apiKey: string, configuredHeaders: HeaderMap | undefined): string[] {
  const secrets = [apiKey];
  for (const [name, value] of Object.entries(configuredHeaders ?? {})) secrets.push(...secretsInHeader(name, value));
  return secrets;
}

/**
 * Header overrides for OpenClaw's chat transport, which already sends the
 * configured headers and adds `Authorization: Bearer <key>` itself. A gateway
 * forwards `Authorization` to the model vendor, so the Portkey key must not
 * travel there: the Bearer header is dropped (`null`) unless the user
 * configured one for the vendor on purpose.
 */
export async function buildPortkeyChatHeaderOverrides(inputs: PortkeyHeaderInputs): Promise<Record<string, string | null>> {
  const prepared = await preparedHeadersFor(inputs.configuredHeaders);
  const overrides: Record<string, string | null> = assemble(prepared, inputs);
  if (!prepared.hasAuthorization) overrides.authorization = null;
  return overrides;
}
