import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { topContainer } from '@/server/docker/containers';
import { route } from '@/server/http/route';
import { containerIdParams } from '@/server/http/schemas';

export const GET = route({
  endpoint: containersApi.top,
  permission: 'containers:read',
  params: containerIdParams,
  query: z.object({
    ps_args: z
      .string()
      .regex(/^[a-zA-Z0-9 ,=_-]*$/, 'Only ps options such as "aux" or "-ef"')
      .max(100)
      .optional(),
  }),
  handler: ({ params, query }) => topContainer(params.id, query.ps_args),
});
