import { describe, expect, it } from 'vitest';
import { affectedResources } from '@/lib/events/types';
import { changesContainerList, toEngineEvent } from '@/server/docker/event-view';

describe('engine events', () => {
  it('maps a container event with its name and nanosecond time', () => {
    const e = toEngineEvent({
      Type: 'container',
      Action: 'start',
      Actor: { ID: 'abc', Attributes: { name: 'web', image: 'nginx' } },
      time: 1700000000,
      timeNano: '1700000000123456789',
    });
    expect(e).toMatchObject({ type: 'container', action: 'start', id: 'abc', name: 'web' });
    expect(e?.timeNano).toMatch(/^1700000000123/);
  });

  it('reads the action of a health event before its colon', () => {
    expect(
      toEngineEvent({ Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: 'x' } })?.action,
    ).toBe('health_status');
    expect(
      toEngineEvent({ Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: 'x' } })?.detail,
    ).toBe('unhealthy');
  });

  it('drops entries with no type or action', () => {
    expect(toEngineEvent({})).toBeNull();
  });

  it('says which lists an event changes', () => {
    expect(affectedResources({ type: 'container', action: 'die' })).toEqual(['containers']);
    expect(affectedResources({ type: 'container', action: 'exec_start' })).toEqual([]);
    expect(affectedResources({ type: 'network', action: 'connect' })).toEqual(['networks', 'containers']);
    expect(affectedResources({ type: 'plugin', action: 'enable' })).toEqual([]);
  });

  it('tells which events can change the container list: not health-check execs', () => {
    const changes = (type: string, action: string) => changesContainerList({ type, action });
    for (const action of ['create', 'start', 'die', 'destroy', 'rename', 'pause', 'health_status', 'update'])
      expect(changes('container', action), action).toBe(true);
    for (const action of ['exec_create', 'exec_start', 'exec_die', 'top'])
      expect(changes('container', action), action).toBe(false);
    expect(changes('network', 'connect')).toBe(true);
    expect(changes('image', 'untag')).toBe(true);
    expect(changes('volume', 'mount')).toBe(false);
  });
});
