import { z } from 'zod';
import { containersApi } from '@/lib/api/containers';
import { renderContainerCommand } from '@/lib/containers/cli';
import { archiveDownload, archiveUpload, uploadFileName } from '@/server/http/archive';
import { route } from '@/server/http/route';
import { containerIdParams, containerPath } from '@/server/http/schemas';
import { withUploadSlot } from '@/server/limits';

/** GET: `docker cp container:path -` as a tar download, or a single file's bytes with `format=raw`. */
export const GET = route({
  permission: 'containers:files',
  params: containerIdParams,
  query: z.object({ path: containerPath, format: z.enum(['tar', 'raw']).optional() }),
  handler: ({ params, query }) => archiveDownload(params.id, query.path, query.format ?? 'tar'),
});

/**
 * PUT: upload into a directory. A body of type application/x-tar is extracted there (`docker cp - c:dir`);
 * any other body is one file, named by `filename`.
 */
export const PUT = route({
  endpoint: containersApi.upload,
  permission: 'containers:write',
  params: containerIdParams,
  query: z.object({ path: containerPath, filename: uploadFileName.optional() }),
  audit: {
    action: 'container.upload',
    target: ({ params, query }) => `${params.id}:${query.path}`,
    command: ({ params, query }) =>
      renderContainerCommand({
        action: 'cp-to',
        target: params.id,
        source: query.filename ?? '-',
        path: query.path,
      }),
  },
  handler: ({ req, principal, params, query }) =>
    withUploadSlot(principal, () => archiveUpload(req, params.id, query.path, query.filename)),
});
