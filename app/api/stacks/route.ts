import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import { createStackBody } from '@/lib/stacks/schemas';
import { asUser } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { withJobSlot } from '@/server/limits';
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
  status: 201,
  audit: {
    action: 'stack.create',
    target: ({ body }) => body.name,
    command: ({ body }) => (body.deploy ? renderStackCommand(body.name, 'up', body.options ?? {}) : null),
    failed: (_ctx, saved) => (saved.deployed && !saved.deployed.ok ? saved.deployed.error : null),
  },
  handler: async ({ principal, body }) => {
    await requireCompose();
    const create = () => createStack(asUser(principal), body);
    // A deploy runs Compose: one of the user's job slots (saving alone is quick).
    return body.deploy ? withJobSlot(principal, create) : create();
  },
});
