import { renderNetworkCommand } from '@/lib/networks/cli';
import { networkIdParams } from '@/lib/networks/form';
import { inspectNetwork, removeNetwork } from '@/server/docker/networks';
import { route } from '@/server/http/route';

export const GET = route({
  permission: 'networks:read',
  params: networkIdParams,
  handler: ({ params }) => inspectNetwork(params.id),
});

export const DELETE = route({
  permission: 'networks:write',
  params: networkIdParams,
  audit: {
    action: 'network.remove',
    target: ({ params }) => params.id,
    command: ({ params }) => renderNetworkCommand({ action: 'remove', names: [params.id] }),
  },
  handler: ({ params }) => removeNetwork(params.id),
});
