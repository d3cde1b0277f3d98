import type { EnvironmentLastEvent } from '@/lib/environments/types';
import { affectedResources, type EngineEvent } from '@/lib/events/types';

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  from?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number | string;
}

/** Maps one event of the engine's stream; older engines also send the legacy `status`/`id`/`from` fields. */
export function toEngineEvent(raw: RawEvent): EngineEvent | null {
  const type = raw.Type ?? (raw.from ? 'container' : undefined);
  const action = raw.Action ?? raw.status;
  if (!type || !action) return null;
  const attributes = raw.Actor?.Attributes ?? {};
  const colon = action.indexOf(':');
  const detail = colon < 0 ? '' : action.slice(colon + 1).trim();
  return {
    type,
    // Health events read "health_status: healthy": the action is the part before the colon.
    action: action.split(':')[0]?.trim() ?? action,
    id: raw.Actor?.ID ?? raw.id ?? '',
    name: attributes.name ?? null,
    timeNano: String(raw.timeNano ?? (raw.time ? raw.time * 1e9 : 0)),
    attributes,
    // Alerts tell unhealthy from healthy by it.
    ...(detail ? { detail } : {}),
  };
}

/**
 * Whether an event can change a row of `GET /containers/json`: what changes the browser's container list, and
 * image events too (untagging an image shows its containers' image as an id) and the daemon's own. Health-check
 * probes log exec_* events every interval and change nothing there.
 */
export function changesContainerList(event: Pick<EngineEvent, 'type' | 'action'>): boolean {
  return affectedResources(event).includes('containers') || event.type === 'image' || event.type === 'daemon';
}

/** An event as the environments page shows it (EnvironmentStatus.lastEvent). */
export function toLastEvent(event: EngineEvent): EnvironmentLastEvent {
  const nanos = BigInt(/^\d+$/.test(event.timeNano) ? event.timeNano : '0');
  const actor = event.name ?? (/^[0-9a-f]{64}$/.test(event.id) ? event.id.slice(0, 12) : event.id);
  return {
    time: new Date(Number(nanos / 1_000_000n)).toISOString(),
    action: event.action,
    type: event.type,
    actor,
  };
}
