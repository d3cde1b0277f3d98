import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import { createStackBody } from '@/lib/stacks/schemas';
import { asUser } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { audited } from '@/server/stacks/audit';
import { createStack, listStacks } from '@/server/stacks/stacks';

export const GET = route({
  endpoint: stacksApi.list,
  permission: 'stacks:read',
  handler: async () => {
    await requireCompose();
    return listStacks();
  },
});

export const POST = route({
  endpoint: stacksApi.create,
  permission: 'stacks:write',
  body: createStackBody,
  audit: false,
  handler: async ({ req, principal, body }) => {
    await requireCompose();
    const saved = await audited(
      req,
      principal,
      {
        action: 'stack.create',
        target: body.name,
        command: body.deploy ? renderStackCommand(body.name, 'up', body.options ?? {}) : null,
      },
      () => createStack(asUser(principal), body),
      (r) => (r.deployed && !r.deployed.ok ? r.deployed.error : null),
    );
    return Response.json(saved, { status: 201 });
  },
});
