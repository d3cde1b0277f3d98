import { networksApi } from '@/lib/api/networks';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { networkCreateSchema } from '@/lib/networks/form';
import { createNetwork, listNetworks } from '@/server/docker/networks';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: networksApi.list,
  permission: 'networks:read',
  handler: () => listNetworks(),
});

export const POST = route({
  endpoint: networksApi.create,
  permission: 'networks:write',
  body: networkCreateSchema,
  audit: {
    action: 'network.create',
    target: ({ body }) => body.name,
    command: ({ body }) => renderNetworkCommand({ action: 'create', form: body }),
  },
  handler: async ({ body }) => Response.json(await createNetwork(body), { status: 201 }),
});
