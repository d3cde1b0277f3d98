import { z } from 'zod';
import { containerFormSchema } from '@/lib/containers/form';
import { CONTAINER_STATE_FILTERS } from '@/lib/containers/types';
import { createContainer, listContainers } from '@/server/docker/containers';
import { route } from '@/server/http/route';
import { queryBool } from '@/server/http/schemas';

export const GET = route({
  permission: 'containers:read',
  query: z.object({
    all: queryBool.optional(),
    state: z.enum(CONTAINER_STATE_FILTERS).optional(),
    search: z.string().max(200).optional(),
  }),
  handler: ({ query }) =>
    listContainers({ all: query.all ?? false, state: query.state ?? 'all', search: query.search }),
});

export const POST = route({
  permission: 'containers:write',
  body: containerFormSchema,
  handler: async ({ body }) => Response.json(await createContainer(body), { status: 201 }),
});
