import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { containerActionSchema, toCliCommand } from '@/lib/containers/actions';
import { renderContainerCommand } from '@/lib/containers/cli';
import { CONTAINER_ACTIONS } from '@/lib/containers/types';
import { asUser } from '@/server/auth/guard';
import { runContainerAction } from '@/server/docker/containers';
import { parseWith, route } from '@/server/http/route';
import { containerIdParams } from '@/server/http/schemas';
import { enforceContainerUpdate } from '@/server/security/enforce';

export const POST = route({
  endpoint: containersApi.action,
  permission: 'containers:write',
  params: containerIdParams.extend({ action: z.enum(CONTAINER_ACTIONS, 'Unknown container action') }),
  body: z.record(z.string(), z.unknown()),
  audit: {
    action: 'container.action',
    target: ({ params }) => `${params.action} ${params.id}`,
    command: ({ params, body }) => {
      const input = containerActionSchema.safeParse({ ...body, action: params.action });
      return input.success ? renderContainerCommand(toCliCommand(input.data, params.id)) : undefined;
    },
  },
  handler: async ({ params, body, principal }) => {
    const input = parseWith(containerActionSchema, { ...body, action: params.action }, 'body');
    const result = await runContainerAction(params.id, input, (engineBody) =>
      enforceContainerUpdate(asUser(principal), engineBody),
    );
    return { ok: true, ...result };
  },
});
