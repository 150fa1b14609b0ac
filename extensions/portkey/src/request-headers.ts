/**
 * The one place where a Portkey request gets its headers. Chat, image
 * generation, image edits and model listing all build them here, so a header
 * configured once in `models.providers.portkey.headers` reaches every call.
 */
import { PORTKEY_API_KEY_HEADER } from "./defaults.ts";

const PORTKEY_TRACE_ID_HEADER = "x-portkey-trace-id";

export type HeaderMap = Readonly<Record<string, string>>;

export interface PortkeyHeaderInputs {
  apiKey: string;
  /** The user's `models.providers.portkey.headers` (routing, Config, vendor credentials). */
  configuredHeaders?: HeaderMap | undefined;
  /** Groups the request in Portkey's logs; a trace id the user configured wins. */
  traceId: string;
}

function hasHeader(headers: HeaderMap | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

/** Headers for the plugin's own HTTP calls: the user's headers plus the Portkey key. */
export function buildPortkeyHeaders({ apiKey, configuredHeaders, traceId }: PortkeyHeaderInputs): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(configuredHeaders ?? {})) {
    // The key comes from OpenClaw's credential store, never from a header typed into the config.
    if (name.toLowerCase() !== PORTKEY_API_KEY_HEADER) headers[name] = value;
  }
  headers[PORTKEY_API_KEY_HEADER] = apiKey;
  if (!hasHeader(configuredHeaders, PORTKEY_TRACE_ID_HEADER)) headers[PORTKEY_TRACE_ID_HEADER] = traceId;
  return headers;
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
