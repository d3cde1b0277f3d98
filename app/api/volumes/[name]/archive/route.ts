import { z } from 'zod';
import { volumesApi } from '@/lib/api/volumes';
import { joinVolumePath, renderVolumeCopyCommand } from '@/lib/volumes/cli';
import { volumeNameParams, volumePath } from '@/lib/volumes/form';
import type { VolumeBrowseTarget } from '@/lib/volumes/types';
import { volumeBrowseTarget } from '@/server/docker/volumes';
import { archiveDownload, archiveUpload, uploadFileName } from '@/server/http/archive';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

/** GET: a tar of a volume path, or one file's bytes with `format=raw`; read through a mounting container. */
export const GET = route({
  permission: 'volumes:read',
  params: volumeNameParams,
  query: z.object({ path: volumePath, format: z.enum(['tar', 'raw']).optional() }),
  handler: async ({ params, query }) => {
    const target = await volumeBrowseTarget(params.name);
    const inside = joinVolumePath(target.destination, query.path);
    // The volume's root downloads as <volume>.tar rather than after the mount point's name.
    const name = query.path.replace(/\/+$/, '') === '' ? params.name : undefined;
    return archiveDownload(target.container.id, inside, query.format ?? 'tar', name);
  },
});

/** The container an upload went through, so its audit entry shows the `docker cp` that really ran. */
const uploadTargets = new WeakMap<Request, VolumeBrowseTarget>();

/** PUT: upload into a directory of the volume, as the container archive PUT does. */
export const PUT = route({
  endpoint: volumesApi.upload,
  permission: 'volumes:write',
  params: volumeNameParams,
  query: z.object({ path: volumePath, filename: uploadFileName.optional() }),
  audit: {
    action: 'volume.upload',
    target: ({ params, query }) => `${params.name}:${query.path}`,
    command: ({ req, query }) => {
      const target = uploadTargets.get(req);
      return target
        ? renderVolumeCopyCommand(
            target.container.name,
            target.destination,
            query.path,
            'to',
            query.filename ?? '-',
          )
        : undefined;
    },
  },
  handler: async ({ req, params, query }) => {
    const target = await volumeBrowseTarget(params.name);
    if (target.readOnly) {
      throw new HttpError(
        409,
        'conflict',
        `Volume "${params.name}" is mounted read-only in ${target.container.name}: it cannot be written through it`,
      );
    }
    uploadTargets.set(req, target);
    await archiveUpload(
      req,
      target.container.id,
      joinVolumePath(target.destination, query.path),
      query.filename,
    );
    return { ok: true, path: query.filename ? joinVolumePath(query.path, query.filename) : undefined };
  },
});
