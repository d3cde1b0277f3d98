import { networksApi } from '@/lib/api/networks';
import { networkCapabilities } from '@/server/docker/networks';
import { route } from '@/server/http/route';

/** The drivers this engine can create networks with (overlay only in swarm mode). */
export const GET = route({
  endpoint: networksApi.drivers,
  permission: 'networks:read',
  handler: () => networkCapabilities(),
});
