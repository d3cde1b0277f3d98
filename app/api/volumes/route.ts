import { volumesApi } from '@/lib/api/volumes';
import { renderVolumeCommand } from '@/lib/volumes/cli';
import { volumeCreateSchema } from '@/lib/volumes/form';
import { asUser, holds } from '@/server/auth/guard';
import { maskVolumeSummary } from '@/server/docker/secret-view';
import { createVolume, listVolumes } from '@/server/docker/volumes';
import { route } from '@/server/http/route';
import { enforceVolumeCreate } from '@/server/security/enforce';

export const GET = route({
  endpoint: volumesApi.list,
  permission: 'volumes:read',
  handler: async ({ principal }) => {
    const list = await listVolumes();
    // Driver options can hold credentials (CIFS `o=…,password=…`): secret to whoever may not read env values.
    return holds(asUser(principal).user, 'containers:env') ? list : list.map(maskVolumeSummary);
  },
});

export const POST = route({
  endpoint: volumesApi.create,
  permission: 'volumes:write',
  body: volumeCreateSchema,
  audit: {
    action: 'volume.create',
    target: ({ body }) => body.name || '(generated name)',
    command: ({ body }) => renderVolumeCommand({ action: 'create', form: body }),
  },
  handler: async ({ body, principal }) => {
    const created = await createVolume(body, (engineBody) =>
      enforceVolumeCreate(asUser(principal), engineBody),
    );
    return Response.json(created, { status: 201 });
  },
});
