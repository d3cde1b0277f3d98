import { renderVolumeCommand } from '@/lib/volumes/cli';
import { volumeNameParams } from '@/lib/volumes/form';
import { inspectVolume, removeVolume } from '@/server/docker/volumes';
import { route } from '@/server/http/route';

export const GET = route({
  permission: 'volumes:read',
  params: volumeNameParams,
  handler: ({ params }) => inspectVolume(params.name),
});

export const DELETE = route({
  permission: 'volumes:write',
  params: volumeNameParams,
  audit: {
    action: 'volume.remove',
    target: ({ params }) => params.name,
    command: ({ params }) => renderVolumeCommand({ action: 'remove', names: [params.name] }),
  },
  handler: ({ params }) => removeVolume(params.name),
});
