import { z } from 'zod';
import { renderContainerCommand } from '@/lib/containers/cli';
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
