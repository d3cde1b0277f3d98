import { systemApi } from '@/lib/api/system';
import { health } from '@/server/docker/engine';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: systemApi.health,
  permission: 'public',
  handler: () => health(),
});
