import { systemApi } from '@/lib/api/system';
import { diskUsage } from '@/server/docker/system';
import { route } from '@/server/http/route';

/** `docker system df`: sizes and reclaimable space per kind, for the dashboard chart and the prune page. */
export const GET = route({
  endpoint: systemApi.df,
  permission: 'engine:read',
  handler: () => diskUsage(),
});
