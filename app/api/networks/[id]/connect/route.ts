import { networksApi } from '@/lib/api/networks';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { networkConnectSchema, networkIdParams } from '@/lib/networks/form';
import { connectNetwork } from '@/server/docker/networks';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: networksApi.connect,
  permission: 'networks:write',
  params: networkIdParams,
  body: networkConnectSchema,
  audit: {
    action: 'network.connect',
    target: ({ params, body }) => `${body.container} → ${params.id}`,
    command: ({ params, body }) =>
      renderNetworkCommand({ action: 'connect', network: params.id, input: body }),
  },
  handler: async ({ params, body }) => {
    await connectNetwork(params.id, body);
    return { ok: true };
  },
});
