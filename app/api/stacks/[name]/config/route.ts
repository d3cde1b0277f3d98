import { stacksApi } from '@/lib/api/stacks';
import { stackParams } from '@/lib/stacks/schemas';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { stackConfig } from '@/server/stacks/stacks';

export const GET = route({
  endpoint: stacksApi.config,
  permission: 'stacks:read',
  params: stackParams,
  handler: async ({ params }) => {
    await requireCompose();
    return stackConfig(params.name);
  },
});
