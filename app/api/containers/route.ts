import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { renderRunCommand } from '@/lib/containers/cli';
import { containerFormSchema } from '@/lib/containers/form';
import { CONTAINER_STATE_FILTERS } from '@/lib/containers/types';
import { asUser } from '@/server/auth/guard';
import { bytesStream, containerListBody, createContainer } from '@/server/docker/containers';
import { route } from '@/server/http/route';
import { queryBool } from '@/server/http/schemas';
import { enforceContainerCreate } from '@/server/security/enforce';

export const GET = route({
  endpoint: containersApi.list,
  permission: 'containers:read',
  query: z.object({
    all: queryBool.optional(),
    state: z.enum(CONTAINER_STATE_FILTERS).optional(),
    search: z.string().max(200).optional(),
  }),
  // The body is kept serialised per list version (containers.ts): the same bytes Response.json would send.
  handler: async ({ query }) =>
    new Response(
      bytesStream(
        await containerListBody({
          all: query.all ?? false,
          state: query.state ?? 'all',
          search: query.search,
        }),
      ),
      { headers: { 'content-type': 'application/json' } },
    ),
});

export const POST = route({
  endpoint: containersApi.create,
  permission: 'containers:write',
  body: containerFormSchema,
  audit: {
    action: 'container.create',
    target: ({ body }) => body.name || body.image,
    command: ({ body }) => renderRunCommand(body),
  },
  handler: async ({ body, principal }) => {
    const created = await createContainer(body, (engineBody) =>
      enforceContainerCreate(asUser(principal), engineBody),
    );
    return Response.json(created, { status: 201 });
  },
});
