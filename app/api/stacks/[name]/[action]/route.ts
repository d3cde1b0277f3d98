import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import { stackActionBody, stackActionParams } from '@/lib/stacks/schemas';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { audited } from '@/server/stacks/audit';
import { prepareAction, runStackAction } from '@/server/stacks/stacks';

/** up, stop, start, restart, down, pull: the real `docker compose` in the stack's folder, its output answered. */
export const POST = route({
  endpoint: stacksApi.action,
  permission: 'stacks:write',
  params: stackActionParams,
  body: stackActionBody,
  audit: false,
  handler: async ({ req, principal, params, body }) => {
    await requireCompose();
    return audited(
      req,
      principal,
      {
        action: `stack.${params.action}`,
        target: params.name,
        command: renderStackCommand(params.name, params.action, body),
      },
      async () => {
        const options = await prepareAction(params.name, params.action, body);
        return runStackAction(params.name, params.action, options);
      },
      (r) => (r.ok ? null : r.error),
    );
  },
});
