import { endpoint } from '@/lib/api/endpoint';
import type { EngineInfo, Health } from '@/lib/engine/types';
import type { EventType } from '@/lib/events/filter';
import type { EngineEvent } from '@/lib/events/types';
import type { DiskUsage, PruneOutcome, PrunePlan } from '@/lib/system/types';

/** The engine itself: health, facts, events, disk usage and the prunes of the system page. */
export const systemApi = {
  health: endpoint<Health>()('GET', '/api/health'),
  engine: endpoint<EngineInfo>()('GET', '/api/engine'),
  /** Unix seconds. */
  events: endpoint<EngineEvent[], undefined, { since?: number; until?: number; type?: EventType }>()(
    'GET',
    '/api/events',
  ),
  df: endpoint<DiskUsage>()('GET', '/api/system/df'),
  /** `labels` is comma-separated. */
  containerPrunePreview: endpoint<PrunePlan, undefined, { labels?: string }>()(
    'GET',
    '/api/system/prune/containers',
  ),
  containerPrune: endpoint<PruneOutcome, { ids: string[]; labels?: string[] }>()(
    'POST',
    '/api/system/prune/containers',
  ),
  buildCachePrunePreview: endpoint<PrunePlan>()('GET', '/api/system/prune/build-cache'),
  buildCachePrune: endpoint<PruneOutcome, Record<string, never>>()('POST', '/api/system/prune/build-cache'),
};
