import { describe, expect, it } from 'vitest';
import { actionOf, eventsCommand, matchesEvent, NO_FILTER, prependEvents } from '@/lib/events/filter';
import type { EngineEvent } from '@/lib/events/types';

const ev = (n: number, extra: Partial<EngineEvent> = {}): EngineEvent => ({
  type: 'container',
  action: 'start',
  id: `abc${n}def`,
  name: `web-${n}`,
  timeNano: String(1_700_000_000_000_000_000n + BigInt(n)),
  attributes: { image: 'nginx:1.27' },
  ...extra,
});

describe('events filter', () => {
  it('filters by type, action verb and object name, id prefix or attribute', () => {
    expect(matchesEvent(ev(1), NO_FILTER)).toBe(true);
    expect(matchesEvent(ev(1), { ...NO_FILTER, type: 'image' })).toBe(false);
    expect(
      matchesEvent(ev(1, { action: 'exec_start: sh -c ls' }), { ...NO_FILTER, action: 'exec_start' }),
    ).toBe(true);
    expect(actionOf({ action: 'health_status: healthy' })).toBe('health_status');
    expect(matchesEvent(ev(1), { ...NO_FILTER, object: 'WEB-1' })).toBe(true);
    expect(matchesEvent(ev(1), { ...NO_FILTER, object: 'abc1' })).toBe(true);
    expect(matchesEvent(ev(1), { ...NO_FILTER, object: 'nginx' })).toBe(true);
    expect(matchesEvent(ev(1), { ...NO_FILTER, object: 'redis' })).toBe(false);
  });

  it('keeps newest first, bounded, without duplicates from a backlog overlapping live events', () => {
    let list = prependEvents([], [ev(1), ev(2), ev(3)], 4);
    expect(list.map((e) => e.name)).toEqual(['web-3', 'web-2', 'web-1']);
    list = prependEvents(list, [ev(3), ev(4), ev(5)], 4);
    expect(list.map((e) => e.name)).toEqual(['web-5', 'web-4', 'web-3', 'web-2']);
  });

  it('renders the docker events command', () => {
    expect(eventsCommand(NO_FILTER)).toBe('docker events');
    expect(eventsCommand({ type: 'network', action: 'connect', object: 'front' })).toBe(
      'docker events --filter type=network --filter event=connect --filter network=front',
    );
  });
});
