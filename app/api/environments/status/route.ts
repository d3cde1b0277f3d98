import { environmentsApi } from '@/lib/api/environments';
import { allStatuses } from '@/server/environments/service';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: environmentsApi.status,
  permission: 'engine:read',
  handler: async () => allStatuses(),
});
