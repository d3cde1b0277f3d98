import { z } from 'zod';
import { inspectContainer, removeContainer } from '@/server/docker/containers';
import { route } from '@/server/http/route';
import { containerIdParams, queryBool } from '@/server/http/schemas';

export const GET = route({
  permission: 'containers:read',
  params: containerIdParams,
  handler: ({ params }) => inspectContainer(params.id),
});

export const DELETE = route({
  permission: 'containers:write',
  params: containerIdParams,
  query: z.object({ force: queryBool.optional(), volumes: queryBool.optional() }),
  handler: ({ params, query }) =>
    removeContainer(params.id, { force: query.force ?? false, volumes: query.volumes ?? false }),
});
