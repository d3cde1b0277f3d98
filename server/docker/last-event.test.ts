import { describe, expect, it } from 'vitest';
import { toLastEvent } from '@/server/docker/event-view';

describe('the last event of an environment', () => {
  it('tells when (RFC 3339, to the millisecond), what and on whom', () => {
    expect(
      toLastEvent({
        type: 'container',
        action: 'start',
        id: 'a'.repeat(64),
        name: 'web',
        timeNano: '1700000000123456789',
        attributes: {},
      }),
    ).toEqual({ time: '2023-11-14T22:13:20.123Z', action: 'start', type: 'container', actor: 'web' });
  });

  it('names an object without a name by its short id, and a non-hex id as it is', () => {
    const base = { type: 'image', action: 'pull', name: null, timeNano: '0', attributes: {} };
    expect(toLastEvent({ ...base, id: 'b'.repeat(64) }).actor).toBe('b'.repeat(12));
    expect(toLastEvent({ ...base, id: 'busybox:latest' }).actor).toBe('busybox:latest');
    expect(toLastEvent({ ...base, id: 'x', timeNano: 'garbage' }).time).toBe('1970-01-01T00:00:00.000Z');
  });
});
