import type { EngineEvent } from '@/lib/events/types';
import { serverContext } from '@/server/context';
import { containerListCache } from '@/server/docker/containers';
import type { Hubs } from '@/server/realtime/handlers';
import { EnvironmentStreamsEnded, envKey, splitEnvKey } from '@/server/realtime/shared-stream';

/** The socket server puts its hubs in the server context, where route handlers can report on them. */
export function publishHubs(hubs: Hubs): void {
  serverContext().hubs = hubs;
}

/**
 * Ends every engine stream of `env` (logs, stats, events): its address changed or it is gone, and a stream
 * opened on the old connection would go on showing the old engine, or one Berth no longer knows. Viewers get
 * `logs:end` / `stats:end` with the reason; events subscribers follow the new address (see handlers.ts).
 */
export function endEnvironmentStreams(env: string, reason: string): number {
  const hubs = serverContext().hubs;
  if (!hubs) return 0;
  const ofEnv = (key: string) => splitEnvKey(key).env === env;
  const why = new EnvironmentStreamsEnded(reason);
  hubs.lastEvents.delete(env);
  return hubs.logs.endWhere(ofEnv, why) + hubs.stats.endWhere(ofEnv, why) + hubs.events.endWhere(ofEnv, why);
}

export function realtimeStats() {
  const memory = process.memoryUsage();
  const ctx = serverContext();
  const hubs = ctx.hubs;
  return {
    /** Which server context answered: the socket server's and the routes' must be the same one. */
    context: { id: ctx.id, createdAt: ctx.createdAt },
    engineStreams: {
      events: hubs?.events.size ?? 0,
      /** The engines whose events stream is open (by a viewer, the alerts watcher or log history). */
      eventsByEnvironment: Object.fromEntries(
        (hubs?.events.keys() ?? []).map((key) => [
          splitEnvKey(key).env,
          hubs?.events.listenerCount(key) ?? 0,
        ]),
      ),
      logs: hubs?.logs.size ?? 0,
      stats: hubs?.stats.size ?? 0,
    },
    /** The stats overview: whether it runs, for how many viewers, and its engine calls so far. */
    overview: {
      active: hubs?.overview.active ?? false,
      viewers: hubs?.overview.viewers ?? 0,
      statsCalls: hubs?.overview.calls ?? 0,
    },
    /** The stats history collector's share of the same rounds (server/stats-history/collector.ts). */
    statsHistory: {
      listeners: hubs?.overview.backgroundListeners ?? 0,
      statsCalls: hubs?.overview.backgroundCalls ?? 0,
    },
    subscriptions: hubs?.registry.count() ?? 0,
    /** Container lists served from the cache between engine events (hits) or asked of the engine (misses). */
    containerList: { hits: containerListCache().hits, misses: containerListCache().misses },
    rss: memory.rss,
    memory: { heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external },
  };
}

/**
 * What the open events stream of `env` saw last: `watched` false when none is open (then only the engine
 * knows), `event` null when it saw none yet.
 */
export function watchedLastEvent(env: string): { watched: boolean; event: EngineEvent | null } {
  const hubs = serverContext().hubs;
  if (!hubs || hubs.events.listenerCount(envKey(env, 'engine')) === 0) return { watched: false, event: null };
  return { watched: true, event: hubs.lastEvents.get(env) ?? null };
}
