import { containersApi } from '@/lib/api/containers';
import { containerChanges } from '@/server/docker/containers';
import { route } from '@/server/http/route';
import { containerIdParams } from '@/server/http/schemas';

export const GET = route({
  endpoint: containersApi.changes,
  permission: 'containers:read',
  params: containerIdParams,
  handler: ({ params }) => containerChanges(params.id),
});
