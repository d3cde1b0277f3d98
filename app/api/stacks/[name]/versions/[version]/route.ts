import { z } from 'zod';
import { stacksApi } from '@/lib/api/stacks';
import { stackName } from '@/lib/stacks/schemas';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { stackVersion } from '@/server/stacks/stacks';

const versionParams = z.object({ name: stackName, version: z.coerce.number().int().positive() });

/** One saved version's files (.env values that look secret masked). */
export const GET = route({
  endpoint: stacksApi.version,
  permission: 'stacks:read',
  params: versionParams,
  handler: async ({ params }) => {
    await requireCompose();
    return stackVersion(params.name, params.version);
  },
});
