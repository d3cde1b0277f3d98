import { volumesApi } from '@/lib/api/volumes';
import { renderVolumeCommand } from '@/lib/volumes/cli';
import { volumeNameParams } from '@/lib/volumes/form';
import { asUser, holds } from '@/server/auth/guard';
import { maskVolumeDetail } from '@/server/docker/secret-view';
import { inspectVolume, removeVolume } from '@/server/docker/volumes';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: volumesApi.detail,
  permission: 'volumes:read',
  params: volumeNameParams,
  handler: async ({ params, principal }) => {
    const volume = await inspectVolume(params.name);
    return holds(asUser(principal).user, 'containers:env') ? volume : maskVolumeDetail(volume);
  },
});

export const DELETE = route({
  endpoint: volumesApi.remove,
  permission: 'volumes:write',
  params: volumeNameParams,
  audit: {
    action: 'volume.remove',
    target: ({ params }) => params.name,
    command: ({ params }) => renderVolumeCommand({ action: 'remove', names: [params.name] }),
  },
  handler: ({ params }) => removeVolume(params.name),
});
