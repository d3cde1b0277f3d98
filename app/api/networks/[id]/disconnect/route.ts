import { networksApi } from '@/lib/api/networks';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { networkDisconnectSchema, networkIdParams } from '@/lib/networks/form';
import { disconnectNetwork } from '@/server/docker/networks';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: networksApi.disconnect,
  permission: 'networks:write',
  params: networkIdParams,
  body: networkDisconnectSchema,
  audit: {
    action: 'network.disconnect',
    target: ({ params, body }) => `${body.container} ⇸ ${params.id}`,
    command: ({ params, body }) =>
      renderNetworkCommand({
        action: 'disconnect',
        network: params.id,
        container: body.container,
        force: body.force,
      }),
  },
  handler: async ({ params, body }) => {
    await disconnectNetwork(params.id, body);
    return { ok: true };
  },
});
