import type { Readable } from 'node:stream';
import type { EngineEvent } from '@/lib/events/types';
import { docker } from '@/server/docker/client';
import { splitJsonLines, toEngineEvent } from '@/server/docker/event-view';

/**
 * Past events between two times (`docker events --since … --until …`), oldest first. The daemon keeps only
 * its last 256 events in memory, so a long window returns at most those.
 */
export async function pastEvents(opts: {
  since: number;
  until: number;
  type?: string;
}): Promise<EngineEvent[]> {
  const stream = (await docker().getEvents({
    since: opts.since,
    // The typings only know integers; the engine takes "seconds.fraction".
    until: opts.until.toFixed(3) as unknown as number,
    ...(opts.type ? { filters: JSON.stringify({ type: [opts.type] }) } : {}),
  })) as unknown as Readable;
  const events: EngineEvent[] = [];
  let rest = '';
  for await (const chunk of stream) {
    const parsed = splitJsonLines(rest + (chunk as Buffer).toString('utf8'));
    rest = parsed.rest;
    for (const raw of parsed.objects) {
      const event = toEngineEvent(raw as Parameters<typeof toEngineEvent>[0]);
      if (event) events.push(event);
    }
  }
  return events;
}
