import type { Readable } from 'node:stream';
import type { EngineEvent } from '@/lib/events/types';
import { contextValue } from '@/server/context';
import { currentEnvironment, docker } from '@/server/docker/client';
import { toEngineEvent } from '@/server/docker/event-view';
import { type FollowedStream, followJsonLines, readJsonLines } from '@/server/docker/json-lines';

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
    since: opts.since.toFixed(3) as unknown as number,
    // The typings only know integers; the engine takes "seconds.fraction".
    until: opts.until.toFixed(3) as unknown as number,
    ...(opts.type ? { filters: JSON.stringify({ type: [opts.type] }) } : {}),
  })) as unknown as Readable;
  const events: EngineEvent[] = [];
  await readJsonLines(stream, (raw) => {
    const event = toEngineEvent(raw as Parameters<typeof toEngineEvent>[0]);
    if (event) events.push(event);
  });
  return events;
}

/**
 * The engine's live event stream (`docker events`), from `since` ("seconds.nanoseconds") when given. Entries
 * that are no event (no type or action) are skipped.
 */
export async function followEvents(
  since: string | null,
  onEvent: (event: EngineEvent) => void,
): Promise<FollowedStream> {
  // The typings only know numbers; the engine takes "seconds.nanoseconds".
  const options = since ? { since: since as unknown as number } : {};
  const stream = (await docker().getEvents(options)) as unknown as Readable;
  return followJsonLines(stream, (raw) => {
    const event = toEngineEvent(raw as Parameters<typeof toEngineEvent>[0]);
    if (event) onEvent(event);
  });
}

/**
 * How to turn Berth's clock into the engine's: `offset` (engine minus Berth, ms) and the error it may have. Same
 * clock (the usual local socket) when the engine's `SystemTime` agrees with ours within the round trip; else an
 * estimate from the fastest of three `/info` calls.
 */
export interface EngineClock {
  offset: number;
  error: number;
  at: number;
}
const CLOCK_TTL_MS = 10 * 60_000;

async function readEngineClock(): Promise<EngineClock> {
  const env = currentEnvironment();
  const clocks = contextValue('engineClock', () => new Map<string, EngineClock>());
  const known = clocks.get(env);
  if (known && Date.now() - known.at < CLOCK_TTL_MS) return known;
  let best = { offset: 0, rtt: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 3; i++) {
    const before = Date.now();
    const info = (await docker().info()) as { SystemTime?: string };
    const after = Date.now();
    // Date.parse drops the sub-millisecond digits: a millisecond is the precision wanted here.
    const engineNow = info.SystemTime ? Date.parse(info.SystemTime) : Number.NaN;
    if (Number.isFinite(engineNow) && after - before < best.rtt)
      best = { offset: engineNow - (before + after) / 2, rtt: after - before };
  }
  const error = best.rtt / 2 + 2;
  const clock: EngineClock =
    Math.abs(best.offset) <= error
      ? { offset: 0, error: 0, at: Date.now() }
      : { ...best, error, at: Date.now() };
  clocks.set(env, clock);
  return clock;
}

/** Events just before `since` count too: the answer was read some time after the call started. */
const SINCE_MARGIN_MS = 250;

/**
 * The engine's events from `sinceMs` (Berth's clock) until now, in one short `GET /events?since=…&until=…` that
 * the engine answers from its in-memory log (~1 ms). `until` is never before the engine's now — an event logged
 * a moment ago must be in — so the engine may wait out the clock's error (a millisecond on a local socket, where
 * Date.now() truncates) before it closes.
 */
export async function eventsSince(sinceMs: number): Promise<EngineEvent[]> {
  const clock = await readEngineClock();
  return pastEvents({
    since: (sinceMs - SINCE_MARGIN_MS - clock.error + clock.offset) / 1000,
    until: (Date.now() + 1 + clock.error + clock.offset) / 1000,
  });
}
