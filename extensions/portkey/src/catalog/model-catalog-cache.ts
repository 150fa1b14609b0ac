/**
 * The model ids a gateway lists, cached per process: `openclaw models list
 * --refresh` and a long-running gateway process may ask many times, and
 * Portkey sees at most one listing per TTL for the same gateway, headers and
 * key; callers that ask meanwhile share it, a failure is not kept, and the
 * cache key is a hash (headers can carry vendor keys). A caller that gives up
 * leaves the shared listing running for the others; each listing is bounded
 * by listPortkeyModelIds' own timeout. Written here because OpenClaw's
 * live-catalog cache (`provider-catalog-shared`) is bundled-only, without types.
 */
import { createHash } from "node:crypto";
import type { AttributionContext } from "../gateway/transport/attribution.ts";
import type { PortkeySettings } from "../gateway/config/provider-settings.ts";
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

/** Distinct gateway, header and key combinations per process are few; the bound only guards against churn. */
const MAX_CACHED_LISTINGS = 32;

interface CachedListing {
  expiresAt: number;
  ids: Promise<string[]>;
}

function cacheKey({ settings, apiKey }: ModelListRequest): string {
  const headers = Object.entries(settings.headers)
    .map(([name, value]) => [name.toLowerCase(), value])
    .toSorted(([a = ""], [b = ""]) => a.localeCompare(b));
  return createHash("sha256")
    .update(JSON.stringify([settings.baseUrl, headers, apiKey]))
    .digest("hex");
}

export function createModelListCache(options: ModelListCacheOptions = {}): ModelListCache {
  const list = options.list ?? listPortkeyModelIds;
  const ttlMs = options.ttlMs ?? PORTKEY_MODEL_LIST_TTL_MS;
  const now = options.now ?? Date.now;
  const listings = new Map<string, CachedListing>();
  const startListing = (key: string, { settings, apiKey, attribution }: ModelListRequest): CachedListing => {
    const oldest = listings.keys().next();
    if (listings.size >= MAX_CACHED_LISTINGS && !oldest.done) listings.delete(oldest.value);
    // Not tied to one caller's signal: the listing is shared, and bounded by its own timeout.
    const listing: CachedListing = { expiresAt: now() + ttlMs, ids: list({ settings, apiKey, attribution }) };
    listings.set(key, listing);
    listing.ids.catch(() => {
      if (listings.get(key) === listing) listings.delete(key);
    });
    return listing;
  };
  return {
    async get(request) {
      request.signal?.throwIfAborted();
      const key = cacheKey(request);
      const cached = listings.get(key);
      const listing = cached && cached.expiresAt > now() ? cached : startListing(key, request);
      return [...(await abandonOnAbort(listing.ids, request.signal))];
    },
  };
}

/** The process-wide cache the chat provider's catalog uses. */
export const portkeyModelListCache: ModelListCache = createModelListCache();
