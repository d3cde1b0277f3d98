import { z } from 'zod';
import { systemApi } from '@/lib/api/system';
import { EVENT_TYPES } from '@/lib/events/filter';
import { pastEvents } from '@/server/docker/events';
import { route } from '@/server/http/route';

const unixSeconds = z.coerce.number().int().min(0);

/** Recent engine events, for the events page's first screen; live ones follow over socket.io. */
export const GET = route({
  endpoint: systemApi.events,
  permission: 'engine:read',
  query: z.object({
    since: unixSeconds.optional(),
    until: unixSeconds.optional(),
    type: z.enum(EVENT_TYPES).optional(),
  }),
  handler: async ({ query }) => {
    // Now to the millisecond: events of the current second count (the engine takes "seconds.fraction").
    const until = query.until ?? Date.now() / 1000;
    const since = query.since ?? Math.floor(until) - 3600;
    if (since > until) return Response.json([]);
    return pastEvents({ since, until, type: query.type });
  },
});
