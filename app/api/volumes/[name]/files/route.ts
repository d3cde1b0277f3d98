import { z } from 'zod';
import { volumesApi } from '@/lib/api/volumes';
import { volumeNameParams, volumePath } from '@/lib/volumes/form';
import { listVolumeDirectory } from '@/server/docker/volumes';
import { route } from '@/server/http/route';

/** A directory of the volume, read through a container that mounts it (409 when none does). */
export const GET = route({
  endpoint: volumesApi.files,
  permission: 'volumes:files',
  params: volumeNameParams,
  query: z.object({ path: volumePath.default('/') }),
  handler: ({ params, query }) => listVolumeDirectory(params.name, query.path),
});
