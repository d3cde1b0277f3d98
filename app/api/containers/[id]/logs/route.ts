import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { containerLogs, logText } from '@/server/docker/logs';
import { attachment } from '@/server/http/download';
import { route } from '@/server/http/route';
import { containerIdParams, queryBool } from '@/server/http/schemas';

const unixSeconds = z.coerce.number().int().min(0);

export const GET = route({
  endpoint: containersApi.logs,
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
    format: z.enum(['json', 'text']).optional(),
  }),
  handler: async ({ params, query }) => {
    const opts = {
      tail: query.tail ?? 200,
      timestamps: query.timestamps ?? false,
      since: query.since,
      until: query.until,
    };
    if (query.format !== 'text') return containerLogs(params.id, opts);
    // Streamed: "download the whole log" must not hold the whole log in memory.
    return new Response(await logText(params.id, opts), {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        ...attachment(`${params.id.slice(0, 12)}.log`),
      },
    });
  },
});
