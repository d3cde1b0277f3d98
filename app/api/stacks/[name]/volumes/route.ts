import { stacksApi } from '@/lib/api/stacks';
import { stackParams } from '@/lib/stacks/schemas';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { stackVolumes } from '@/server/stacks/stacks';

/** The named volumes `down -v` would remove: what its confirmation must list. */
export const GET = route({
  endpoint: stacksApi.volumes,
  permission: 'stacks:read',
  params: stackParams,
  handler: async ({ params }) => {
    await requireCompose();
    return stackVolumes(params.name);
  },
});
