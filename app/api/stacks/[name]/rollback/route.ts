import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import { rollbackBody, stackParams } from '@/lib/stacks/schemas';
import { asUser } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { audited } from '@/server/stacks/audit';
import { rollbackStack } from '@/server/stacks/stacks';

export const POST = route({
  endpoint: stacksApi.rollback,
  permission: 'stacks:write',
  params: stackParams,
  body: rollbackBody,
  audit: false,
  handler: async ({ req, principal, params, body }) => {
    await requireCompose();
    return audited(
      req,
      principal,
      {
        action: 'stack.rollback',
        target: `${params.name} (version ${body.version})`,
        command: body.deploy ? renderStackCommand(params.name, 'up') : null,
      },
      () => rollbackStack(asUser(principal), params.name, body.version, body.deploy),
      (r) => (r.deployed && !r.deployed.ok ? r.deployed.error : null),
    );
  },
});
