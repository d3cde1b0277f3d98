import { z } from 'zod';
import { volumesApi } from '@/lib/api/volumes';
import { volumeNameParams, volumePath } from '@/lib/volumes/form';
import { notedAuditCommand } from '@/server/audit/noted-command';
import { uploadFileName, volumeDownload, volumeUpload } from '@/server/http/archive';
import { route } from '@/server/http/route';
import { withUploadSlot } from '@/server/limits';

/** GET: a tar of a volume path, or one file's bytes with `format=raw`; read through a mounting container. */
export const GET = route({
  permission: 'volumes:files',
  params: volumeNameParams,
  query: z.object({ path: volumePath, format: z.enum(['tar', 'raw']).optional() }),
  handler: ({ params, query }) => volumeDownload(params.name, query.path, query.format ?? 'tar'),
});

/** PUT: upload into a directory of the volume, as the container archive PUT does. */
export const PUT = route({
  endpoint: volumesApi.upload,
  permission: 'volumes:write',
  params: volumeNameParams,
  query: z.object({ path: volumePath, filename: uploadFileName.optional() }),
  audit: {
    action: 'volume.upload',
    target: ({ params, query }) => `${params.name}:${query.path}`,
    // Only the upload knows the container it went through.
    command: ({ req }) => notedAuditCommand(req),
  },
  handler: ({ req, principal, params, query }) =>
    withUploadSlot(principal, () => volumeUpload(req, params.name, query.path, query.filename)),
});
