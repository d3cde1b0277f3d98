import { z } from 'zod';
import { containerActionSchema } from '@/lib/containers/actions';
import { CONTAINER_ACTIONS } from '@/lib/containers/types';
import { runContainerAction } from '@/server/docker/containers';
import { parseWith, route } from '@/server/http/route';
import { containerIdParams } from '@/server/http/schemas';

export const POST = route({
  permission: 'containers:write',
  params: containerIdParams.extend({ action: z.enum(CONTAINER_ACTIONS, 'Unknown container action') }),
  body: z.record(z.string(), z.unknown()),
  handler: async ({ params, body }) => {
    const input = parseWith(containerActionSchema, { ...body, action: params.action }, 'body');
    const result = await runContainerAction(params.id, input);
    return { ok: true, ...result };
  },
});
