import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { CONTAINER_SORTS } from '@/lib/containers/paging';
import { CONTAINER_STATE_FILTERS } from '@/lib/containers/types';
import { listContainerPage } from '@/server/docker/containers';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: containersApi.page,
  permission: 'containers:read',
  query: z.object({
    q: z.string().max(200).optional(),
    state: z.enum(CONTAINER_STATE_FILTERS).default('all'),
    sort: z.enum(CONTAINER_SORTS).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(1000).optional(),
  }),
  handler: ({ query }) => listContainerPage(query),
});
