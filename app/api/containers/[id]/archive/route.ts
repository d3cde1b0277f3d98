import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { renderContainerCommand } from '@/lib/containers/cli';
import {
  getArchive,
  isDirectoryMode,
  putArchive,
  readFileStream,
  singleFileTar,
  statPath,
} from '@/server/docker/containers';
import { attachment } from '@/server/http/download';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { containerIdParams, containerPath } from '@/server/http/schemas';

/** GET: `docker cp container:path -` as a tar download, or a single file's bytes with `format=raw`. */
export const GET = route({
  permission: 'containers:read',
  params: containerIdParams,
  query: z.object({ path: containerPath, format: z.enum(['tar', 'raw']).optional() }),
  handler: async ({ params, query }) => {
    const stat = await statPath(params.id, query.path);
    const base = posix.basename(query.path.replace(/\/+$/, '')) || 'root';
    if (query.format === 'raw') {
      if (isDirectoryMode(stat.mode)) throw new HttpError(400, 'bad_request', `${query.path} is a directory`);
      const file = await readFileStream(params.id, query.path);
      return new Response(Readable.toWeb(file.stream) as ReadableStream, {
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(file.size),
          ...attachment(base),
        },
      });
    }
    const tar = (await getArchive(params.id, query.path)) as Readable;
    return new Response(Readable.toWeb(tar) as ReadableStream, {
      headers: { 'content-type': 'application/x-tar', ...attachment(`${base}.tar`) },
    });
  },
});

const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !n.includes('/') && n !== '.' && n !== '..' && !n.includes('\0'), 'Not a file name');

/**
 * PUT: upload into a directory. A body of type application/x-tar is extracted there (`docker cp - c:dir`);
 * any other body is one file, named by `filename`.
 */
export const PUT = route({
  permission: 'containers:write',
  params: containerIdParams,
  query: z.object({ path: containerPath, filename: fileName.optional() }),
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
  handler: async ({ req, params, query }) => {
    const stat = await statPath(params.id, query.path);
    if (!isDirectoryMode(stat.mode))
      throw new HttpError(400, 'bad_request', `${query.path} is not a directory`);
    if (!req.body) throw new HttpError(400, 'bad_request', 'The request has no body to upload');
    const body = Readable.fromWeb(req.body as import('node:stream/web').ReadableStream);
    const isTar = (req.headers.get('content-type') ?? '').startsWith('application/x-tar');
    if (isTar) {
      await putArchive(params.id, query.path, body);
      return { ok: true };
    }
    if (!query.filename) {
      throw new HttpError(
        400,
        'bad_request',
        'Invalid request: query.filename: required for a single-file upload',
        [{ path: 'query.filename', message: 'Required for a single-file upload' }],
      );
    }
    const length = Number(req.headers.get('content-length'));
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new HttpError(411 as number, 'bad_request', 'A single-file upload needs a Content-Length');
    }
    await putArchive(params.id, query.path, singleFileTar(query.filename, length, body));
    return { ok: true, path: posix.join(query.path, query.filename) };
  },
});
