/**
 * A short-lived read cache per node and per AppContext, for rows read on every request of a hot
 * path (business-system metadata on each token request). Entries live a few seconds, so a change
 * made on any node takes effect everywhere promptly without a message bus.
 *
 * @example const systems = nodeCache<BusinessSystem | undefined>(5_000);
 *          const s = await systems.get(ctx, id, () => findBusinessSystem(ctx, id));
 */
import type { AppContext } from '../context.js';

export interface NodeCache<T> {
  get(ctx: AppContext, key: string, load: () => Promise<T>): Promise<T>;
}

export function nodeCache<T>(ttlMs: number, maxEntries = 10_000): NodeCache<T> {
  const perContext = new WeakMap<AppContext, Map<string, { at: number; value: Promise<T> }>>();
  return {
    get(ctx, key, load) {
      let cache = perContext.get(ctx);
      if (!cache) perContext.set(ctx, (cache = new Map()));
      const now = Date.now();
      const hit = cache.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value;
      // Concurrent misses share one load; a failed load is not kept.
      const value = load();
      value.catch(() => cache.delete(key));
      if (cache.size >= maxEntries) cache.clear();
      cache.set(key, { at: now, value });
      return value;
    },
  };
}
