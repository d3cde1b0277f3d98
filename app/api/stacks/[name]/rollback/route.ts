import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import { rollbackBody, stackParams } from '@/lib/stacks/schemas';
import { asUser } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { withJobSlot } from '@/server/limits';
import { rollbackStack } from '@/server/stacks/stacks';

export const POST = route({
  endpoint: stacksApi.rollback,
  permission: 'stacks:write',
  params: stackParams,
  body: rollbackBody,
  audit: {
    action: 'stack.rollback',
    target: ({ params, body }) => `${params.name} (version ${body.version})`,
    command: ({ params, body }) => (body.deploy ? renderStackCommand(params.name, 'up') : null),
    failed: (_ctx, result) => (result.deployed && !result.deployed.ok ? result.deployed.error : null),
  },
  handler: async ({ principal, params, body }) => {
    await requireCompose();
    const rollback = () => rollbackStack(asUser(principal), params.name, body.version, body.deploy);
    return body.deploy ? withJobSlot(principal, rollback) : rollback();
  },
});
