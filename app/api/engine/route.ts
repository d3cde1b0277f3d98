import { systemApi } from '@/lib/api/system';
import { engineInfo } from '@/server/docker/engine';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: systemApi.engine,
  permission: 'engine:read',
  handler: () => engineInfo(),
});
