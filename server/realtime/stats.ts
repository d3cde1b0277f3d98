import { containerListCache } from '@/server/docker/containers';
import type { Hubs } from '@/server/realtime/handlers';

const key = Symbol.for('berth.realtime-hubs');
type WithHubs = typeof globalThis & { [key]?: Hubs };

/** The custom server registers its hubs here so route handlers (bundled apart by Next.js) can report on them. */
export function publishHubs(hubs: Hubs): void {
  (globalThis as WithHubs)[key] = hubs;
}

export function realtimeStats() {
  const memory = process.memoryUsage();
  const hubs = (globalThis as WithHubs)[key];
  return {
    engineStreams: {
      events: hubs?.events.size ?? 0,
      logs: hubs?.logs.size ?? 0,
      stats: hubs?.stats.size ?? 0,
    },
    /** The stats overview: whether it runs, for how many viewers, and its engine calls so far. */
    overview: {
      active: hubs?.overview.active ?? false,
      viewers: hubs?.overview.viewers ?? 0,
      statsCalls: hubs?.overview.calls ?? 0,
    },
    subscriptions: hubs?.registry.count() ?? 0,
    /** Container lists served from the cache between engine events (hits) or asked of the engine (misses). */
    containerList: { hits: containerListCache().hits, misses: containerListCache().misses },
    rss: memory.rss,
    memory: { heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external },
  };
}
