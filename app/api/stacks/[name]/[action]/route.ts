import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import { stackActionBody, stackActionParams } from '@/lib/stacks/schemas';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { withJobSlot } from '@/server/limits';
import { prepareAction, runStackAction } from '@/server/stacks/stacks';

/** up, stop, start, restart, down, pull: the real `docker compose` in the stack's folder, its output answered. */
export const POST = route({
  endpoint: stacksApi.action,
  permission: 'stacks:write',
  params: stackActionParams,
  body: stackActionBody,
  audit: {
    action: ({ params }) => `stack.${params.action}`,
    target: ({ params }) => params.name,
    command: ({ params, body }) => renderStackCommand(params.name, params.action, body),
    failed: (_ctx, result) => (result.ok ? null : result.error),
  },
  handler: async ({ params, body, principal }) => {
    await requireCompose();
    const options = await prepareAction(params.name, params.action, body);
    return withJobSlot(principal, () => runStackAction(params.name, params.action, options));
  },
});
