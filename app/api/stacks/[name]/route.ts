import { z } from 'zod';
import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import { deleteStackQuery, stackParams, updateStackBody } from '@/lib/stacks/schemas';
import { asUser } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { route } from '@/server/http/route';
import { withJobSlot } from '@/server/limits';
import { removeStack, stackDetail, updateStack } from '@/server/stacks/stacks';

const detailQuery = z.object({
  /** Secret-looking .env values in clear (operators and admins only; ignored for viewers). */
  reveal: z
    .enum(['1', '0', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});

export const GET = route({
  endpoint: stacksApi.detail,
  permission: 'stacks:read',
  params: stackParams,
  query: detailQuery,
  handler: async ({ params, query, principal }) => {
    await requireCompose();
    return stackDetail(params.name, asUser(principal), query.reveal);
  },
});

export const PUT = route({
  endpoint: stacksApi.update,
  permission: 'stacks:write',
  params: stackParams,
  body: updateStackBody,
  audit: {
    action: ({ body }) => (body.deploy ? 'stack.update-deploy' : 'stack.update'),
    target: ({ params }) => params.name,
    command: ({ params, body }) =>
      body.deploy ? renderStackCommand(params.name, 'up', body.options ?? {}) : null,
    failed: (_ctx, result) => (result.deployed && !result.deployed.ok ? result.deployed.error : null),
  },
  handler: async ({ principal, params, body }) => {
    await requireCompose();
    const update = () => updateStack(asUser(principal), params.name, body);
    return body.deploy ? withJobSlot(principal, update) : update();
  },
});

export const DELETE = route({
  endpoint: stacksApi.remove,
  permission: 'stacks:write',
  params: stackParams,
  query: deleteStackQuery,
  audit: {
    action: 'stack.remove',
    target: ({ params }) => params.name,
    command: ({ params, query }) =>
      renderStackCommand(params.name, 'down', { volumes: query.volumes, removeOrphans: true }),
    failed: (_ctx, result) => (result.ok ? null : result.error),
  },
  handler: async ({ params, query, principal }) => {
    await requireCompose();
    const confirm = query.confirm
      ?.split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    return withJobSlot(principal, () => removeStack(params.name, query.volumes, confirm));
  },
});
