import { z } from 'zod';
import { containerLogs } from '@/server/docker/containers';
import { route } from '@/server/http/route';
import { containerIdParams, queryBool } from '@/server/http/schemas';

const unixSeconds = z.coerce.number().int().min(0);

export const GET = route({
  permission: 'containers:read',
  params: containerIdParams,
  query: z.object({
    tail: z
      .union([z.literal('all'), z.coerce.number().int().min(0).max(100_000)], {
        error: 'Must be a number of lines (0 to 100000) or "all"',
      })
      .optional(),
    timestamps: queryBool.optional(),
    since: unixSeconds.optional(),
    until: unixSeconds.optional(),
  }),
  handler: ({ params, query }) =>
    containerLogs(params.id, {
      tail: query.tail ?? 200,
      timestamps: query.timestamps ?? false,
      since: query.since,
      until: query.until,
    }),
});
