/**
 * The model ids a gateway lists, kept in memory for a while: `openclaw models
 * list --refresh` (and a long-running gateway process) may ask for the
 * catalog many times, and Portkey should see at most one listing per TTL for
 * the same gateway, headers and key. Callers that ask while a listing is
 * under way share it. Failures are not kept, so a fixed gateway is seen at
 * the next refresh. Each listing is bounded by listPortkeyModelIds' own
 * timeout and size limit.
 */
import { createHash } from "node:crypto";
import type { AttributionContext } from "../gateway/attribution.ts";
import { listPortkeyModelIds } from "./model-discovery.ts";
import type { PortkeySettings } from "../gateway/provider-settings.ts";

export const PORTKEY_MODEL_LIST_TTL_MS = 10 * 60 * 1000;
/** Distinct (gateway, headers, key) combinations kept; a process rarely has more than one or two. */
const MAX_ENTRIES = 32;

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
  clear(): void;
}

interface Entry {
  ids?: readonly string[];
  expiresAt: number;
  pending?: Promise<readonly string[]>;
}

/**
 * One hash over everything that changes the answer. Headers can carry vendor
 * keys too, so nothing of the request is kept in readable form.
 */
function cacheKey(settings: PortkeySettings, apiKey: string): string {
  const headers = Object.entries(settings.headers)
    .map(([name, value]): [string, string] => [name.toLowerCase(), value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify([settings.baseUrl, headers, apiKey])).digest("hex");
}

/** Lets one caller give up on a shared listing without cancelling it for the others. */
function abandonOnAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export function createModelListCache(options: ModelListCacheOptions = {}): ModelListCache {
  const ttlMs = options.ttlMs ?? PORTKEY_MODEL_LIST_TTL_MS;
  const now = options.now ?? Date.now;
  const list = options.list ?? listPortkeyModelIds;
  const entries = new Map<string, Entry>();

  function remember(key: string, entry: Entry): void {
    entries.delete(key);
    entries.set(key, entry);
    // Map keeps insertion order: the first key is the one stored longest ago.
    const oldest = entries.keys().next();
    if (entries.size > MAX_ENTRIES && !oldest.done) entries.delete(oldest.value);
  }

  function startListing(key: string, request: ModelListRequest): Promise<readonly string[]> {
    // Not tied to one caller's signal: the listing is shared, and bounded by its own timeout.
    const pending = list({ settings: request.settings, apiKey: request.apiKey, attribution: request.attribution }).then(
      (ids) => {
        // A listing that was cleared or replaced meanwhile must not overwrite the newer entry.
        if (entries.get(key)?.pending === pending) remember(key, { ids, expiresAt: now() + ttlMs });
        return ids;
      },
      (error: unknown) => {
        if (entries.get(key)?.pending === pending) entries.delete(key);
        throw error;
      },
    );
    // Every caller may have given up; the failure then has no one to reach, and must not crash the process.
    pending.catch(() => undefined);
    remember(key, { expiresAt: 0, pending });
    return pending;
  }

  return {
    async get(request) {
      request.signal?.throwIfAborted();
      const key = cacheKey(request.settings, request.apiKey);
      const entry = entries.get(key);
      if (entry?.ids && now() < entry.expiresAt) return [...entry.ids];
      const pending = entry?.pending ?? startListing(key, request);
      return [...(await abandonOnAbort(pending, request.signal))];
    },
    clear() {
      entries.clear();
    },
  };
}

/** The process-wide cache the chat provider's catalog uses. */
export const portkeyModelListCache: ModelListCache = createModelListCache();
