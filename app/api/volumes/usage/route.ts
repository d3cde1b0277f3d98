import { volumesApi } from '@/lib/api/volumes';
import { volumeUsage } from '@/server/docker/volumes';
import { route } from '@/server/http/route';

/** Sizes apart from the list: `system df` walks every volume and may take seconds. */
export const GET = route({
  endpoint: volumesApi.usage,
  permission: 'volumes:read',
  handler: () => volumeUsage(),
});
