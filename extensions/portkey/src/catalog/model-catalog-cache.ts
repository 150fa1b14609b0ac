/**
 * The model ids a gateway lists, kept through OpenClaw's live-catalog cache
 * (`provider-catalog-shared`): `openclaw models list --refresh` and a
 * long-running gateway process may ask many times, and Portkey sees at most
 * one listing per TTL for the same gateway, headers and key; callers that ask
 * meanwhile share it, a failure is not kept, and the key parts are hashed
 * (headers can carry vendor keys). Added here, because the SDK helper has no
 * notion of it: a caller that gives up leaves the shared listing running for
 * the others. Each listing is bounded by listPortkeyModelIds' own timeout.
 */
import { getCachedLiveCatalogValue } from "openclaw/plugin-sdk/provider-catalog-shared";
import type { AttributionContext } from "../gateway/attribution.ts";
import type { PortkeySettings } from "../gateway/provider-settings.ts";
import { listPortkeyModelIds } from "./model-discovery.ts";

export const PORTKEY_MODEL_LIST_TTL_MS = 10 * 60 * 1000;

export interface ModelListRequest {
  settings: PortkeySettings;
  apiKey: string;
  signal?: AbortSignal | undefined;
  /** Sent with the listing (`x-portkey-metadata`); omitted when attribution is turned off. */
  attribution?: AttributionContext | undefined;
}

export type ListModelIds = (request: ModelListRequest) => Promise<string[]>;

export interface ModelListCacheOptions {
  ttlMs?: number;
  /** Milliseconds since the epoch; tests pass a clock they move by hand. */
  now?: () => number;
  /** The listing itself; tests may count or replace it. */
  list?: ListModelIds;
}

export interface ModelListCache {
  /** The cached ids while fresh, else one listing shared by every caller that asks meanwhile. */
  get(request: ModelListRequest): Promise<string[]>;
}

/** Lets one caller give up on a shared listing without cancelling it for the others. */
function abandonOnAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Each cache keeps its own entries in OpenClaw's shared map. */
let cacheCount = 0;

export function createModelListCache(options: ModelListCacheOptions = {}): ModelListCache {
  const scope = `portkey-model-list-${++cacheCount}`;
  const list = options.list ?? listPortkeyModelIds;
  return {
    async get(request) {
      request.signal?.throwIfAborted();
      const { settings, apiKey, attribution } = request;
      const headers = Object.entries(settings.headers)
        .map(([name, value]) => [name.toLowerCase(), value])
        .sort(([a = ""], [b = ""]) => a.localeCompare(b));
      const listing = getCachedLiveCatalogValue({
        keyParts: [scope, settings.baseUrl, headers, apiKey],
        ttlMs: options.ttlMs ?? PORTKEY_MODEL_LIST_TTL_MS,
        ...(options.now ? { now: options.now } : {}),
        // Not tied to one caller's signal: the listing is shared, and bounded by its own timeout.
        load: () => list({ settings, apiKey, attribution }),
      });
      return [...(await abandonOnAbort(listing, request.signal))];
    },
  };
}

/** The process-wide cache the chat provider's catalog uses. */
export const portkeyModelListCache: ModelListCache = createModelListCache();
