/**
 * The one place where a Portkey request gets its headers. Chat, image
 * generation, image edits and model listing all build them here, so a header
 * configured once in `models.providers.portkey.headers` reaches every call.
 */
import { buildPortkeyMetadata, PORTKEY_METADATA_HEADER, type AttributionContext } from "./attribution.ts";
import { PORTKEY_API_KEY_HEADER } from "./defaults.ts";
import { InvalidPortkeyConfigError, parsePortkeyConfig, PORTKEY_CONFIG_HEADER } from "./portkey-config.ts";

const PORTKEY_TRACE_ID_HEADER = "x-portkey-trace-id";

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

function findHeader(headers: HeaderMap | undefined, name: string): [string, string] | undefined {
  return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
}

function hasHeader(headers: HeaderMap | undefined, name: string): boolean {
  return findHeader(headers, name) !== undefined;
}

/** A configured Config is checked before every request that would carry it (parsing one is cheap). */
function assertValidConfiguredConfig(headers: HeaderMap | undefined): void {
  const value = findHeader(headers, PORTKEY_CONFIG_HEADER)?.[1];
  if (value === undefined) return;
  try {
    parsePortkeyConfig(value);
  } catch (error) {
    if (!(error instanceof InvalidPortkeyConfigError)) throw error;
    throw new InvalidPortkeyConfigError(`models.providers.portkey.headers.${PORTKEY_CONFIG_HEADER}: ${error.message}`);
  }
}

/** Headers for the plugin's own HTTP calls: the user's headers plus the Portkey key. */
export function buildPortkeyHeaders({ apiKey, configuredHeaders, traceId, attribution }: PortkeyHeaderInputs): Record<string, string> {
  assertValidConfiguredConfig(configuredHeaders);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(configuredHeaders ?? {})) {
    // The key comes from OpenClaw's credential store, never from a header typed into the config.
    if (name.toLowerCase() !== PORTKEY_API_KEY_HEADER) headers[name] = value;
  }
  headers[PORTKEY_API_KEY_HEADER] = apiKey;
  if (!hasHeader(configuredHeaders, PORTKEY_TRACE_ID_HEADER)) headers[PORTKEY_TRACE_ID_HEADER] = traceId;
  if (attribution) {
    const configured = findHeader(configuredHeaders, PORTKEY_METADATA_HEADER);
    if (configured) delete headers[configured[0]];
    const metadata = buildPortkeyMetadata({ context: attribution, configured: configured?.[1], secrets: [apiKey] });
    if (metadata) headers[PORTKEY_METADATA_HEADER] = metadata;
  }
  return headers;
}

/** Matched against a header name without the `x-portkey-` prefix (every Portkey header holds "key"). */
const CREDENTIAL_HEADER = /^(proxy-)?authorization$|api[-_]?key|token|secret|password/i;

/** Every `api_key` string inside a Config object, at any depth. */
function configApiKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(configApiKeys);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, entry]) => (key === "api_key" && typeof entry === "string" ? [entry] : configApiKeys(entry)));
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What must never appear in an error message: the Portkey key, credential
 * headers the user configured (a vendor's Authorization, say) and vendor keys
 * inside a configured Config. Error bodies from a gateway or vendor can echo them.
 */
export function requestSecrets(apiKey: string, configuredHeaders: HeaderMap | undefined): string[] {
  const secrets = [apiKey];
  for (const [name, value] of Object.entries(configuredHeaders ?? {})) {
    if (CREDENTIAL_HEADER.test(name.toLowerCase().replace(/^x-portkey-/, ""))) secrets.push(value, value.replace(/^Bearer\s+/i, ""));
    if (name.toLowerCase() === PORTKEY_CONFIG_HEADER) secrets.push(...configApiKeys(parsedJson(value)));
  }
  return secrets;
}

/**
 * Header overrides for OpenClaw's chat transport, which already sends the
 * configured headers and adds `Authorization: Bearer <key>` itself. A gateway
 * forwards `Authorization` to the model vendor, so the Portkey key must not
 * travel there: the Bearer header is dropped (`null`) unless the user
 * configured one for the vendor on purpose.
 */
export function buildPortkeyChatHeaderOverrides(inputs: PortkeyHeaderInputs): Record<string, string | null> {
  const overrides: Record<string, string | null> = buildPortkeyHeaders(inputs);
  if (!hasHeader(inputs.configuredHeaders, "authorization")) overrides.authorization = null;
  return overrides;
}
