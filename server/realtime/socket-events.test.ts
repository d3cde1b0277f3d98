import { describe, expect, it } from 'vitest';
import { CLIENT_EVENTS } from '@/lib/realtime/contract';
import { socketEvents } from '@/server/realtime/handlers';

describe('the socket event table', () => {
  it('has exactly the events of the contract, each under its own name', () => {
    expect(Object.keys(socketEvents).sort()).toEqual([...CLIENT_EVENTS].sort());
    for (const [name, spec] of Object.entries(socketEvents)) expect(spec.event).toBe(name);
  });

  it('parses the payload of every event that has one, and only the ack-only events have none', () => {
    const ackOnly = Object.values(socketEvents)
      .filter((spec) => !spec.schema)
      .map((spec) => spec.event)
      .sort();
    expect(ackOnly).toEqual(['engine:status', 'events:subscribe', 'overview:subscribe']);
  });
});
