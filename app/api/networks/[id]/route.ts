import { networksApi } from '@/lib/api/networks';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { networkIdParams } from '@/lib/networks/form';
import { inspectNetwork, removeNetwork } from '@/server/docker/networks';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: networksApi.detail,
  permission: 'networks:read',
  params: networkIdParams,
  handler: ({ params }) => inspectNetwork(params.id),
});

export const DELETE = route({
  endpoint: networksApi.remove,
  permission: 'networks:write',
  params: networkIdParams,
  audit: {
    action: 'network.remove',
    target: ({ params }) => params.id,
    command: ({ params }) => renderNetworkCommand({ action: 'remove', names: [params.id] }),
  },
  handler: ({ params }) => removeNetwork(params.id),
});
