import { stacksApi } from '@/lib/api/stacks';
import { stackParams } from '@/lib/stacks/schemas';
import { asUser } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { adoptStack } from '@/server/stacks/stacks';

export const POST = route({
  endpoint: stacksApi.adopt,
  permission: 'stacks:adopt',
  params: stackParams,
  audit: { action: 'stack.adopt', target: ({ params }) => params.name },
  handler: async ({ params, principal }) => {
    await requireCompose();
    return adoptStack(asUser(principal), params.name);
  },
});
