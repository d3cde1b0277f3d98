import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { listDirectory } from '@/server/docker/containers';
import { route } from '@/server/http/route';
import { containerIdParams, containerPath } from '@/server/http/schemas';

export const GET = route({
  endpoint: containersApi.files,
  permission: 'containers:files',
  params: containerIdParams,
  query: z.object({ path: containerPath.default('/') }),
  handler: ({ params, query }) => listDirectory(params.id, query.path),
});
