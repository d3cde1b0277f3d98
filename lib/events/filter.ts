import { shellJoin } from '@/lib/containers/cli';
import type { EngineEvent } from '@/lib/events/types';

/** Object types `docker events --filter type=…` knows. */
export const EVENT_TYPES = [
  'container',
  'image',
  'volume',
  'network',
  'daemon',
  'plugin',
  'service',
  'node',
  'secret',
  'config',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventFilter {
  type: EventType | '';
  action: string;
  /** Matches the object's name, id prefix or any attribute value. */
  object: string;
}

export const NO_FILTER: EventFilter = { type: '', action: '', object: '' };

/** exec_start has its command appended ("exec_start: sh -c …"): an action filter matches the verb. */
export function actionOf(event: Pick<EngineEvent, 'action'>): string {
  return event.action.split(':')[0]?.trim() ?? event.action;
}

export function matchesEvent(event: EngineEvent, f: EventFilter): boolean {
  if (f.type && event.type !== f.type) return false;
  if (f.action && actionOf(event) !== f.action.trim()) return false;
  const needle = f.object.trim().toLowerCase();
  if (!needle) return true;
  return (
    (event.name ?? '').toLowerCase().includes(needle) ||
    event.id.toLowerCase().startsWith(needle) ||
    Object.values(event.attributes).some((v) => v.toLowerCase().includes(needle))
  );
}

/** Newest first, at most `max`: the events page never holds more than this. */
export function prependEvents(current: EngineEvent[], incoming: EngineEvent[], max: number): EngineEvent[] {
  const seen = new Set(current.slice(0, incoming.length + 16).map(key));
  const fresh = incoming.filter((e) => !seen.has(key(e))).reverse();
  return fresh.concat(current).slice(0, max);
}

const key = (e: EngineEvent) => `${e.timeNano}|${e.type}|${e.action}|${e.id}`;

/** The `docker events` line for a filter (the object filter maps to the type's own filter when it can). */
export function eventsCommand(f: EventFilter): string {
  const parts = ['docker events'];
  if (f.type) parts.push(`--filter type=${f.type}`);
  if (f.action.trim()) parts.push(`--filter ${shellJoin([`event=${f.action.trim()}`])}`);
  const object = f.object.trim();
  if (object) {
    const kind = ['container', 'image', 'volume', 'network'].includes(f.type) ? f.type : 'container';
    parts.push(`--filter ${shellJoin([`${kind}=${object}`])}`);
  }
  return parts.join(' ');
}
