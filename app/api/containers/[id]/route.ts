import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { renderContainerCommand } from '@/lib/containers/cli';
import { asUser } from '@/server/auth/guard';
import { containerDetailFor, removeContainer } from '@/server/docker/containers';
import { route } from '@/server/http/route';
import { containerIdParams, queryBool } from '@/server/http/schemas';

export const GET = route({
  endpoint: containersApi.detail,
  permission: 'containers:read',
  params: containerIdParams,
  handler: ({ params, principal }) => containerDetailFor(asUser(principal).user, params.id),
});

export const DELETE = route({
  endpoint: containersApi.remove,
  permission: 'containers:write',
  params: containerIdParams,
  query: z.object({ force: queryBool.optional(), volumes: queryBool.optional() }),
  audit: {
    action: 'container.remove',
    target: ({ params }) => params.id,
    command: ({ params, query }) =>
      renderContainerCommand({
        action: 'remove',
        targets: [params.id],
        force: query.force,
        volumes: query.volumes,
      }),
  },
  handler: ({ params, query }) =>
    removeContainer(params.id, { force: query.force ?? false, volumes: query.volumes ?? false }),
});
